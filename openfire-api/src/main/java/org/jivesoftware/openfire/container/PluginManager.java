// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.container;

import java.nio.file.Path;
import java.util.Collection;

public class PluginManager {
    private PluginManager() { throw new UnsupportedOperationException(); }

    public Collection<Plugin> getPlugins() { throw new UnsupportedOperationException(); }
    public synchronized String getCanonicalName(Plugin plugin) { throw new UnsupportedOperationException(); }
    public synchronized Path getPluginPath(Plugin plugin) { throw new UnsupportedOperationException(); }
    public boolean isExecuted() { throw new UnsupportedOperationException(); }
    public synchronized PluginClassLoader getPluginClassloader(Plugin plugin) { throw new UnsupportedOperationException(); }
    public void addPluginListener(PluginListener listener) { throw new UnsupportedOperationException(); }
    public void removePluginListener(PluginListener listener) { throw new UnsupportedOperationException(); }
    public void addPluginManagerListener(PluginManagerListener listener) { throw new UnsupportedOperationException(); }
    public void removePluginManagerListener(PluginManagerListener listener) { throw new UnsupportedOperationException(); }
}
