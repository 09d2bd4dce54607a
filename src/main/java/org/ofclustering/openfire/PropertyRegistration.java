package org.ofclustering.openfire;

import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.SystemProperty;
import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Makes the cluster-wide settings visible on Openfire's System Properties page, tied to this
 * plugin (Openfire removes them when the plugin is unloaded), and makes sure every secret is
 * stored encrypted, whichever page or tool set it.
 */
final class PropertyRegistration {
    private static final Logger Log = LoggerFactory.getLogger(PropertyRegistration.class);

    private PropertyRegistration() {
    }

    static void register(String pluginName, List<Setting<?>> settings) {
        for (Setting<?> s : settings) {
            if (s.scope() != SettingScope.CLUSTER) {
                continue;
            }
            try {
                SystemProperty.Builder.ofType(String.class)
                        .setKey(s.key())
                        .setDefaultValue(s.defaultText())
                        .setDynamic(false)
                        .setEncrypted(s.secret())
                        .setPlugin(pluginName)
                        .build();
            } catch (IllegalArgumentException e) {
                // Already registered (a reload that raced Openfire's own cleanup): the existing definition serves.
                Log.debug("System property {} is already registered: {}", s.key(), e.getMessage());
            }
            if (s.secret() && JiveGlobals.getProperty(s.key()) != null && !JiveGlobals.isPropertyEncrypted(s.key())) {
                JiveGlobals.setPropertyEncrypted(s.key(), true);
                Log.info("Clustering setting {} was stored in clear text; it is now stored encrypted", s.key());
            }
        }
    }
}
