package org.ofclustering.config;

import java.util.Objects;

/**
 * One configuration property: its name, where it lives, its type, its default and what it means.
 * Defaults are text, parsed like any configured value, so the documentation shows exactly what an
 * administrator would type.
 *
 * @param key          property name, e.g. {@code clustering.redis.addresses}
 * @param scope        cluster-wide (database) or per node (openfire.xml)
 * @param type         parser and description of allowed values
 * @param defaultText  the value used when the property is not set; null when there is no default
 * @param secret       stored encrypted and never shown
 * @param description  one sentence for administrators
 */
public record Setting<T>(String key, SettingScope scope, SettingType<T> type, String defaultText, boolean secret,
                         String description) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    static <T> Setting<T> cluster(String key, SettingType<T> type, String defaultText, String description) {
        return new Setting<>(key, SettingScope.CLUSTER, type, defaultText, false, description);
    }

    static <T> Setting<T> node(String key, SettingType<T> type, String defaultText, String description) {
        return new Setting<>(key, SettingScope.NODE, type, defaultText, false, description);
    }

    static Setting<String> secret(String key, String description) {
        return new Setting<>(key, SettingScope.CLUSTER, SettingTypes.anyText(), null, true, description);
    }
}
