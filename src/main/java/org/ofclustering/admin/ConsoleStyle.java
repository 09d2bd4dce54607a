package org.ofclustering.admin;

/** The few style rules the pages add to the admin console's own style sheet. */
final class ConsoleStyle {
    static final String TABLES = """
            .ofc-table { border-collapse: collapse; margin-bottom: 1em; }
            .ofc-table th, .ofc-table td { padding: 3px 8px; text-align: left; border-bottom: 1px solid #ddd; vertical-align: top; }
            .ofc-table td.num, .ofc-table th.num { text-align: right; }
            .ofc-table tr.local { background-color: #ffc; }
            .ofc-ok { color: #060; font-weight: bold; }
            .ofc-bad { color: #b00; font-weight: bold; }
            .ofc-muted { color: #666; }
            .ofc-facts th { font-weight: normal; color: #444; padding-right: 1.5em; text-align: left; }
            """;

    private ConsoleStyle() {
    }

    /** A status word in green or red. */
    static String verdict(boolean good, String escapedText) {
        return "<span class=\"" + (good ? "ofc-ok" : "ofc-bad") + "\">" + escapedText + "</span>";
    }
}
