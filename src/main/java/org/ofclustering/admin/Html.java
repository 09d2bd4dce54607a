package org.ofclustering.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for text placed into HTML and into URL query strings. */
final class Html {
    private Html() {
    }

    /** Text made safe for element content and quoted attribute values; null becomes "". */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query parameter value. */
    static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
