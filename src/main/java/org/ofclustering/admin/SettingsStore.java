package org.ofclustering.admin;

import org.ofclustering.config.SettingSource;

import java.util.List;

/**
 * Reads and writes the cluster-wide properties edited on the settings page. Implemented by the
 * plugin with Openfire's system properties (stored in the shared database, so every node sees
 * them); secret settings are stored encrypted. {@link #raw} returns the stored text (secrets
 * decrypted: the page uses them only to validate, never prints them).
 */
public interface SettingsStore extends SettingSource {
    /**
     * Applies the changes, all of which have been validated together with the other settings.
     *
     * @throws RuntimeException when the store refuses; the page reports the message and saves nothing further
     */
    void save(List<SettingChange> changes);
}
