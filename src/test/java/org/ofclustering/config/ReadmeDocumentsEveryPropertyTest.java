package org.ofclustering.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Administrators find every setting, with its default, in readme.html. */
class ReadmeDocumentsEveryPropertyTest {
    @Test
    void everyPropertyAndItsDefaultAreInTheReadme() throws IOException {
        String readme = Files.readString(Paths.get("readme.html"), StandardCharsets.UTF_8);
        List<String> missing = ClusteringProperties.all().stream()
                .filter(s -> !readme.contains("<code>" + s.key() + "</code>")
                        || (s.defaultText() != null && !s.defaultText().isEmpty() && !readme.contains("<code>" + s.defaultText() + "</code>")))
                .map(Setting::key)
                .toList();
        assertTrue(missing.isEmpty(), "readme.html does not document (with its default): " + missing);
    }
}
