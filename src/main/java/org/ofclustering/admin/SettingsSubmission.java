package org.ofclustering.admin;

import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingScope;
import org.ofclustering.config.SettingSource;

import javax.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the administrator submitted on the settings page, merged over the stored settings. For a
 * non-secret property an empty field removes it (its default applies); a missing field leaves it
 * alone. For a secret an empty field leaves it unchanged and only the "clear" box removes it, so
 * the page never needs to show a secret back.
 */
final class SettingsSubmission {
    static final String CLEAR_PREFIX = "clear.";

    private final Map<String, Optional<String>> submitted;
    private final SettingSource stored;

    private SettingsSubmission(Map<String, Optional<String>> submitted, SettingSource stored) {
        this.submitted = submitted;
        this.stored = stored;
    }

    static SettingsSubmission read(HttpServletRequest request, List<Setting<?>> settings, SettingSource stored) {
        Map<String, Optional<String>> submitted = new HashMap<>();
        for (Setting<?> s : settings) {
            if (s.scope() != SettingScope.CLUSTER) {
                continue;
            }
            String value = request.getParameter(s.key());
            if (s.secret()) {
                if (request.getParameter(CLEAR_PREFIX + s.key()) != null) {
                    submitted.put(s.key(), Optional.empty());
                } else if (value != null && !value.isEmpty()) {
                    submitted.put(s.key(), Optional.of(value));
                }
            } else if (value != null) {
                String trimmed = value.trim();
                submitted.put(s.key(), trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed));
            }
        }
        return new SettingsSubmission(submitted, stored);
    }

    /** The stored settings with the submitted ones laid over them. */
    SettingSource merged() {
        return s -> submitted.containsKey(s.key()) ? submitted.get(s.key()) : stored.raw(s);
    }

    /** Submitted text of a non-secret property, to show it again when it did not validate. */
    Optional<String> submittedText(Setting<?> s) {
        return s.secret() ? Optional.empty() : submitted.getOrDefault(s.key(), Optional.empty());
    }

    /** The submitted values that differ from the stored ones. */
    List<SettingChange> changes(List<Setting<?>> settings) {
        List<SettingChange> changes = new ArrayList<>();
        for (Setting<?> s : settings) {
            if (!submitted.containsKey(s.key())) {
                continue;
            }
            Optional<String> now = submitted.get(s.key());
            if (!Objects.equals(now, stored.raw(s))) {
                changes.add(new SettingChange(s, now.orElse(null)));
            }
        }
        return changes;
    }
}
