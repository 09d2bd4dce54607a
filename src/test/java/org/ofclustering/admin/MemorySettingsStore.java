package org.ofclustering.admin;

import org.ofclustering.config.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Settings kept in a map, remembering every save, in place of Openfire's system properties. */
class MemorySettingsStore implements SettingsStore {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final List<List<SettingChange>> saves = new ArrayList<>();

    MemorySettingsStore with(String key, String value) {
        values.put(key, value);
        return this;
    }

    @Override
    public Optional<String> raw(Setting<?> setting) {
        return Optional.ofNullable(values.get(setting.key())).filter(v -> !v.isBlank());
    }

    @Override
    public synchronized void save(List<SettingChange> changes) {
        saves.add(List.copyOf(changes));
        for (SettingChange c : changes) {
            if (c.newValue() == null) {
                values.remove(c.setting().key());
            } else {
                values.put(c.setting().key(), c.newValue());
            }
        }
    }

    synchronized List<List<SettingChange>> saves() {
        return List.copyOf(saves);
    }

    String value(String key) {
        return values.get(key);
    }
}
