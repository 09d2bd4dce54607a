package org.ofclustering.openfire;

import org.jivesoftware.util.JiveGlobals;
import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingScope;
import org.ofclustering.config.SettingSource;

import java.util.Optional;

/**
 * Reads settings from Openfire: cluster-wide ones from the system properties in the shared
 * database (decrypted by Openfire when stored encrypted), per-node ones from openfire.xml.
 */
public final class OpenfirePropertySource implements SettingSource {
    @Override
    public Optional<String> raw(Setting<?> setting) {
        String value = setting.scope() == SettingScope.NODE
                ? JiveGlobals.getXMLProperty(setting.key())
                : JiveGlobals.getProperty(setting.key());
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
