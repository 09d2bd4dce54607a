package org.ofclustering.admin;

import org.ofclustering.config.Setting;

import java.util.Objects;

/**
 * One property the settings page asks to change.
 *
 * @param setting  the property
 * @param newValue its new text, or null to remove it (back to its default)
 */
public record SettingChange(Setting<?> setting, String newValue) {
    public SettingChange {
        Objects.requireNonNull(setting, "setting");
    }
}
