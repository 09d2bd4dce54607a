package org.ofclustering.openfire;

import org.jivesoftware.util.JiveGlobals;
import org.ofclustering.admin.SettingChange;
import org.ofclustering.admin.SettingsStore;
import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/** The settings page's store: Openfire's system properties (shared database), secrets encrypted. */
final class OpenfireSettingsStore implements SettingsStore {
    private static final Logger Log = LoggerFactory.getLogger(OpenfireSettingsStore.class);
    private final OpenfirePropertySource source = new OpenfirePropertySource();

    @Override
    public Optional<String> raw(Setting<?> setting) {
        return source.raw(setting);
    }

    @Override
    public void save(List<SettingChange> changes) {
        for (SettingChange change : changes) {
            Setting<?> s = change.setting();
            if (s.scope() != SettingScope.CLUSTER) {
                throw new IllegalArgumentException(s.key() + " is set per node in openfire.xml, not on this page");
            }
            if (change.newValue() == null) {
                JiveGlobals.deleteProperty(s.key());
                Log.info("Clustering setting {} removed on the admin console", s.key());
            } else {
                JiveGlobals.setProperty(s.key(), change.newValue(), s.secret());
                Log.info("Clustering setting {} changed on the admin console{}", s.key(), s.secret() ? " (stored encrypted)" : "");
            }
        }
    }
}
