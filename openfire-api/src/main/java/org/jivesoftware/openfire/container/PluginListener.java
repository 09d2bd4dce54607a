// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.container;

public interface PluginListener {
    void pluginCreated(String pluginName, Plugin plugin);
    void pluginDestroyed(String pluginName, Plugin plugin);
}
