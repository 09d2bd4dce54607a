package org.ofclustering.admin;

import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingProblem;

import java.util.List;

/**
 * One property with its current text and what validation said about it.
 *
 * @param setting    the property
 * @param configured its configured text, or null when unset (never shown for a secret)
 * @param problems   validation problems of this property (empty when valid)
 */
record SettingRow(Setting<?> setting, String configured, List<SettingProblem> problems) {
    SettingRow {
        problems = List.copyOf(problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    /** The value to show, escaped: secrets as set/not set, unset values as their default. */
    String shownValue(ConsoleText text) {
        if (setting.secret()) {
            return text.html(configured == null ? "setting.secret.unset" : "setting.secret.set");
        }
        if (configured != null) {
            return "<code>" + Html.escape(configured) + "</code>";
        }
        if (setting.defaultText() != null && !setting.defaultText().isEmpty()) {
            return "<code>" + Html.escape(setting.defaultText()) + "</code> <span class=\"ofc-muted\">"
                    + text.html("setting.default") + "</span>";
        }
        return "<span class=\"ofc-muted\">" + text.html("setting.unset") + "</span>";
    }

    /** The description in the console's language (falls back to the built-in English text). */
    String description(ConsoleText text) {
        return text.htmlOr("setting." + setting.key() + ".description", setting.description());
    }

    /** Each problem as one escaped sentence; the value of a secret is never included. */
    List<String> problemMessages(ConsoleText text) {
        return problems.stream().map(p -> {
            String allowed = p.allowed().equals(setting.type().allowed())
                    ? text.textOr("setting." + setting.key() + ".allowed", p.allowed())
                    : p.allowed();
            String value = setting.secret() ? text.text("setting.secret.masked") : p.value();
            return text.html("setting.invalid", value, allowed);
        }).toList();
    }
}
