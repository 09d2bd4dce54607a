package org.ofclustering.openfire;

import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;

import java.io.File;

/** Placeholder; replaced by the plugin lifecycle. */
public class ClusteringPlugin implements Plugin {
    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
    }

    @Override
    public void destroyPlugin() {
    }
}
