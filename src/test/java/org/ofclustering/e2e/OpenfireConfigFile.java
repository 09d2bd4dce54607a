package org.ofclustering.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code conf/openfire.xml} from dotted property names, the way Openfire stores them:
 * {@code adminConsole.port=9090} becomes {@code <jive><adminConsole><port>9090</port></adminConsole></jive>}.
 */
final class OpenfireConfigFile {
    private final Map<String, Object> root = new LinkedHashMap<>();

    /** Adds one property; a later value for the same name replaces the earlier one. */
    OpenfireConfigFile set(String dottedName, String value) {
        String[] parts = dottedName.split("\\.");
        Map<String, Object> level = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = level.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                throw new IllegalArgumentException("property " + dottedName + " nests under a property that has a value");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            level = next;
        }
        level.put(parts[parts.length - 1], value);
        return this;
    }

    OpenfireConfigFile setAll(Map<String, String> properties) {
        properties.forEach(this::set);
        return this;
    }

    void writeTo(Path file) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jive>\n");
        append(xml, root, 1);
        xml.append("</jive>\n");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder xml, Map<String, Object> level, int depth) {
        String indent = "    ".repeat(depth);
        for (Map.Entry<String, Object> e : level.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> children) {
                xml.append(indent).append('<').append(e.getKey()).append(">\n");
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) children;
                append(xml, nested, depth + 1);
                xml.append(indent).append("</").append(e.getKey()).append(">\n");
            } else {
                xml.append(indent).append('<').append(e.getKey()).append('>')
                        .append(escape(String.valueOf(e.getValue())))
                        .append("</").append(e.getKey()).append(">\n");
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
