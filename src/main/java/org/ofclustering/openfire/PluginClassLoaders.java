package org.ofclustering.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginClassLoader;
import org.jivesoftware.openfire.container.PluginListener;
import org.jivesoftware.openfire.container.PluginManager;
import org.ofclustering.codec.ClassLoaderChain;

import java.util.ArrayList;
import java.util.List;

/**
 * The class loaders a decoded class may come from: Openfire's own first, then every loaded
 * plugin's. The list is rebuilt when a plugin is loaded or unloaded (not on every decode), so the
 * codec's class cache stays valid until then and an unloaded plugin's loader is released.
 */
public final class PluginClassLoaders implements ClassLoaderChain, PluginListener {
    private final PluginManager pluginManager;
    private volatile List<ClassLoader> loaders;

    public PluginClassLoaders(PluginManager pluginManager) {
        this.pluginManager = pluginManager;
        this.loaders = build();
    }

    /** The chain of the running server; call {@link #start()} to follow plugin changes. */
    public static PluginClassLoaders ofRunningServer() {
        return new PluginClassLoaders(XMPPServer.getInstance().getPluginManager());
    }

    /** Follows plugins being loaded and unloaded from now on. */
    public void start() {
        pluginManager.addPluginListener(this);
        loaders = build();
    }

    /** Stops following plugins (call when the clustering plugin is destroyed, or its loader leaks). */
    public void stop() {
        pluginManager.removePluginListener(this);
    }

    @Override
    public List<ClassLoader> get() {
        return loaders;
    }

    @Override
    public void pluginCreated(String pluginName, Plugin plugin) {
        loaders = build();
    }

    @Override
    public void pluginDestroyed(String pluginName, Plugin plugin) {
        loaders = build();
    }

    private List<ClassLoader> build() {
        List<ClassLoader> result = new ArrayList<>();
        result.add(XMPPServer.class.getClassLoader());
        for (Plugin plugin : pluginManager.getPlugins()) {
            PluginClassLoader loader = pluginManager.getPluginClassloader(plugin);
            if (loader != null && !result.contains(loader)) {
                result.add(loader);
            }
        }
        return List.copyOf(result);
    }
}
