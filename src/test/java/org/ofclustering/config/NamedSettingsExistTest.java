package org.ofclustering.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every {@code clustering.*} name an administrator can read (docs, readme.html, the translations,
 * messages and comments in the main sources) is a setting the plugin registers: a document or an
 * error message must not send anyone to a property that does nothing.
 */
class NamedSettingsExistTest {
    /** A name, not preceded by a letter or dot (so package names like org.ofclustering.x do not count). */
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z.])clustering(\\.[a-z][A-Za-z]*)+");
    /** Translation keys of a setting: the setting's name plus one of these. */
    private static final Pattern I18N_SUFFIX = Pattern.compile("\\.(description|allowed)$");
    /**
     * Names that are not ours: Openfire's own switch and node id (openfire.xml), and groups
     * written as a prefix ({@code clustering.rabbitmq.*}, {@code clustering.database.hikari.*}).
     */
    private static final Set<String> NOT_SETTINGS = Set.of("clustering.enabled", "clustering.nodeid",
            "clustering.rabbitmq", "clustering.database.hikari");

    @Test
    void everyNamedClusteringPropertyIsRegistered() throws IOException {
        Set<String> registered = ClusteringProperties.all().stream().map(Setting::key).collect(Collectors.toSet());
        TreeMap<String, Set<String>> unknown = new TreeMap<>();
        for (Path file : readable()) {
            Matcher m = NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String name = I18N_SUFFIX.matcher(m.group()).replaceFirst("");
                if (!registered.contains(name) && !NOT_SETTINGS.contains(name) && !name.matches(".*\\.(jar|jsp|html|png|properties)$")) {
                    unknown.computeIfAbsent(name, k -> new TreeSet<>()).add(file.toString());
                }
            }
        }
        assertEquals(new TreeMap<>(), unknown, "clustering.* names that are not registered settings (name → where)");
    }

    private static List<Path> readable() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("readme.html"));
        for (String dir : List.of("docs", "i18n", "src/main/java")) {
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".properties") || p.toString().endsWith(".java"))
                        .forEach(files::add);
            }
        }
        return files;
    }
}
