package org.ofclustering.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.container.PluginManagerListener;
import org.jivesoftware.util.JiveGlobals;
import org.ofclustering.admin.ClusterEventLog;
import org.ofclustering.admin.ConsoleServices;
import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.ClusteringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Clock;

/**
 * The plugin's lifecycle in Openfire. Loading it registers the settings and validates them; once
 * Openfire has loaded every plugin (so that classes of other plugins can be resolved) it starts
 * clustering when the administrator has enabled it. Unloading it (including the unload that
 * precedes the load of a newer version) leaves the cluster cleanly, unless the whole server is
 * shutting down, in which case Openfire leaves the cluster itself.
 */
public class ClusteringPlugin implements Plugin {
    /** The plugin's name as plugin.xml gives it; Openfire groups and removes the plugin's system properties by it. */
    public static final String PLUGIN_NAME = "Clustering";

    private static final Logger Log = LoggerFactory.getLogger(ClusteringPlugin.class);
    /** Joins, departures and fences for the status page; fed by every runtime this plugin starts. */
    static final ClusterEventLog RECENT_EVENTS = new ClusterEventLog(50, Clock.systemUTC(), ClusteringPlugin::localNodeId);

    private PluginManager pluginManager;
    private PluginManagerListener startWhenPluginsLoaded;

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        this.pluginManager = manager;
        PropertyRegistration.register(PLUGIN_NAME, ClusteringProperties.all());
        ClusterConfiguration configuration = ClusterConfiguration.load(new OpenfirePropertySource());
        ConfigurationLog.report(configuration);
        if (configuration.isValid() && configuration.get(ClusteringProperties.HIKARI_ENABLED)) {
            ConnectionPoolSwitch.install(new HikariConnectionProvider());
        }
        ConsoleServices.install(new ConsoleServices(new LiveClusterStatus(RECENT_EVENTS), new OpenfireSettingsStore(),
                JiveGlobals::getLocale, () -> JiveGlobals.getTimeZone().toZoneId()));

        startWhenPluginsLoaded = new PluginManagerListener() {
            @Override
            public void pluginsMonitored() {
                manager.removePluginManagerListener(this);
                startClusteringIfEnabled();
            }
        };
        // Fires at once when Openfire has already loaded its plugins (an upload at run time).
        manager.addPluginManagerListener(startWhenPluginsLoaded);
    }

    private void startClusteringIfEnabled() {
        if (!ClusterManager.isClusteringEnabled()) {
            Log.info("Clustering plugin loaded; clustering is disabled (enable it on the Clustering page of the admin console)");
            return;
        }
        // Joining talks to Redis, RabbitMQ and the database and waits for Openfire's cluster listeners:
        // never do that on the plugin monitor's thread.
        Thread starter = new Thread(() -> {
            try {
                ClusterManager.startup();
            } catch (RuntimeException e) {
                Log.error("Clustering could not be started", e);
            }
        }, "clustering-startup");
        starter.setDaemon(true);
        starter.start();
    }

    private static String localNodeId() {
        ClusterRuntime r = ClusterRuntime.current();
        return r == null ? null : r.nodeId();
    }

    @Override
    public void destroyPlugin() {
        ConsoleServices.uninstall();
        // Openfire must never be left on a pool whose classes are being unloaded.
        ConnectionPoolSwitch.restoreDefault();
        if (pluginManager != null && startWhenPluginsLoaded != null) {
            pluginManager.removePluginManagerListener(startWhenPluginsLoaded);
        }
        XMPPServer server = XMPPServer.getInstance();
        if (server != null && server.isShuttingDown()) {
            return; // the server leaves the cluster as part of its own shutdown
        }
        if (ClusterManager.isClusteringStarted()) {
            Log.info("Clustering plugin unloading: leaving the cluster");
            ClusterManager.shutdown();
        }
        ClusterRuntime stillRunning = ClusterRuntime.current();
        if (stillRunning != null) {
            // Fenced and waiting to rejoin: Openfire no longer counts it as clustered, but its threads run.
            stillRunning.close();
        }
        CachedStrategyRelease.releaseIfOurs(getClass().getClassLoader());
    }
}
