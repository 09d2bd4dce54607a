package org.ofclustering.config;

import java.util.Map;
import java.util.Optional;

/** Where raw setting text comes from: Openfire's properties in production, a map in tests. */
@FunctionalInterface
public interface SettingSource {
    /** The configured text of a setting, or empty when it is not set (blank counts as not set). */
    Optional<String> raw(Setting<?> setting);

    static SettingSource of(Map<String, String> values) {
        return s -> Optional.ofNullable(values.get(s.key())).filter(v -> !v.isBlank());
    }
}
