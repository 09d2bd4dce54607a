package org.ofclustering.admin;

/** The data tables of the pages: a header row from message keys, then rows of escaped cells. */
final class TableMarkup {
    static final String END = "</tbody></table>\n";

    private TableMarkup() {
    }

    /**
     * Opens a table and writes its header row.
     *
     * @param id      element id without the {@code ofc-} prefix
     * @param columns message keys of the column titles; a key starting with {@code #} is a right-aligned number column
     */
    static String head(ConsoleText text, String id, String... columns) {
        StringBuilder out = new StringBuilder("<table class=\"ofc-table\" id=\"ofc-").append(id).append("\"><thead><tr>");
        for (String column : columns) {
            boolean number = column.startsWith("#");
            out.append(number ? "<th class=\"num\">" : "<th>").append(text.html(number ? column.substring(1) : column))
                    .append("</th>");
        }
        return out.append("</tr></thead>\n<tbody>\n").toString();
    }

    /** A cell of escaped markup. */
    static String cell(String markup) {
        return "<td>" + markup + "</td>";
    }

    /** A right-aligned cell of escaped markup. */
    static String number(String markup) {
        return "<td class=\"num\">" + markup + "</td>";
    }

    /** A row of cells built with {@link #cell} and {@link #number}. */
    static String row(String... cells) {
        return "<tr>" + String.join("", cells) + "</tr>\n";
    }
}
