package org.ofclustering.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Administrators find every setting in its own row of readme.html's settings tables, with its default in that row. */
class ReadmeDocumentsEveryPropertyTest {
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL);

    @Test
    void everyPropertyHasARowWithItsDefault() throws IOException {
        List<String> problems = problems(Files.readString(Paths.get("readme.html"), StandardCharsets.UTF_8));
        assertTrue(problems.isEmpty(), "readme.html does not document every setting in its row with its default: " + problems);
    }

    @Test
    void aDefaultThatAppearsOnlyInAnotherRowDoesNotCount() {
        // Both defaults appear in the page, each in the other setting's row.
        String page = "<table><tr><th>Property</th><th>Default</th></tr>\n"
                + "<tr><td><code>clustering.redis.tls</code></td><td><code>true</code></td></tr>\n"
                + "<tr><td><code>clustering.redis.tls.verifyPeer</code></td><td><code>false</code></td></tr></table>";
        List<String> problems = problems(page);
        assertTrue(problems.contains("clustering.redis.tls: the default column shows <code>true</code>, the default is false"), problems.toString());
        assertTrue(problems.contains("clustering.redis.tls.verifyPeer: the default column shows <code>false</code>, the default is true"),
                problems.toString());
        assertTrue(problems.contains("clustering.redis.mode: 0 rows"), "a setting without a row is reported");
    }

    /** What the page lacks: per setting, a missing or repeated row, or a default column that is not the default. */
    private static List<String> problems(String html) {
        List<List<String>> rows = rows(html);
        List<String> problems = new ArrayList<>();
        for (Setting<?> s : ClusteringProperties.all()) {
            List<List<String>> own = rows.stream().filter(r -> r.get(0).equals("<code>" + s.key() + "</code>")).toList();
            if (own.size() != 1) {
                problems.add(s.key() + ": " + own.size() + " rows");
                continue;
            }
            String shown = own.get(0).size() > 1 ? own.get(0).get(1) : "";
            if (s.defaultText() != null && !s.defaultText().isEmpty() && !shown.equals("<code>" + s.defaultText() + "</code>")) {
                problems.add(s.key() + ": the default column shows " + shown + ", the default is " + s.defaultText());
            }
        }
        return problems;
    }

    /** The cells of every table row that has cells (header rows have none). */
    private static List<List<String>> rows(String html) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).trim());
            }
            if (!cells.isEmpty()) {
                rows.add(cells);
            }
        }
        return rows;
    }
}
