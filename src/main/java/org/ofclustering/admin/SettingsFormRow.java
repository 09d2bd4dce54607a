package org.ofclustering.admin;

import org.ofclustering.config.Setting;

import java.util.Optional;

/** One property as a row of the settings form. */
final class SettingsFormRow {
    private SettingsFormRow() {
    }

    static void editable(PageDocument doc, ConsoleText text, SettingRow row, Optional<String> echo) {
        Setting<?> s = row.setting();
        String id = "ofc-" + s.key().replace('.', '-');
        label(doc, text, row, id);
        doc.append("<td>");
        if (s.secret()) {
            // A secret is never written into the page: the field starts empty and empty means unchanged.
            doc.append("<input type=\"password\" id=\"").append(id).append("\" name=\"").append(Html.escape(s.key()))
                    .append("\" value=\"\" autocomplete=\"new-password\"/> <span class=\"ofc-muted\">")
                    .append(row.shownValue(text)).append("</span><br/>\n<label><input type=\"checkbox\" name=\"")
                    .append(Html.escape(SettingsSubmission.CLEAR_PREFIX + s.key())).append("\"/> ")
                    .append(text.html("settings.secret.clear")).append("</label><br/>\n<span class=\"ofc-muted\">")
                    .append(text.html("settings.secret.hint")).append("</span>");
        } else {
            String value = echo.orElse(row.configured() == null ? "" : row.configured());
            doc.append("<input type=\"text\" id=\"").append(id).append("\" name=\"").append(Html.escape(s.key()))
                    .append("\" value=\"").append(Html.escape(value)).append("\" placeholder=\"")
                    .append(Html.escape(s.defaultText() == null ? "" : s.defaultText())).append("\"/><br/>\n")
                    .append("<span class=\"ofc-muted\">")
                    .append(text.html("settings.allowed", text.textOr("setting." + s.key() + ".allowed", s.type().allowed())));
            if (s.defaultText() != null && !s.defaultText().isEmpty()) {
                doc.append(" ").append(text.html("settings.default-is", s.defaultText()));
            }
            doc.append("</span>");
        }
        problems(doc, text, row);
        doc.append("</td></tr>\n");
    }

    static void readOnly(PageDocument doc, ConsoleText text, SettingRow row) {
        label(doc, text, row, null);
        doc.append("<td>").append(row.shownValue(text));
        problems(doc, text, row);
        doc.append("</td></tr>\n");
    }

    private static void label(PageDocument doc, ConsoleText text, SettingRow row, String inputId) {
        doc.append("<tr><td>");
        if (inputId != null) {
            doc.append("<label for=\"").append(inputId).append("\">");
        }
        doc.append("<code>").append(Html.escape(row.setting().key())).append("</code>");
        if (inputId != null) {
            doc.append("</label>");
        }
        doc.append("<br/><span class=\"ofc-muted\">").append(row.description(text)).append("</span></td>\n");
    }

    private static void problems(PageDocument doc, ConsoleText text, SettingRow row) {
        for (String message : row.problemMessages(text)) {
            doc.append("<div class=\"ofc-error\">").append(message).append("</div>");
        }
    }
}
