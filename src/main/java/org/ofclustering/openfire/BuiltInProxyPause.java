package org.ofclustering.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.filetransfer.proxy.FileTransferProxy;
import org.jivesoftware.util.JiveGlobals;
import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.ClusteringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Openfire's built-in file-transfer proxy, stopped on this node while the cluster-aware one serves
 * in its place. It is stopped <em>before</em> the plugin's proxy binds: both use Openfire's proxy
 * port by default ({@code xmpp.proxy.port}, 7777), the port clients already know. Its enabled
 * property, shared by all nodes, is left alone; {@link #close()} starts it again.
 */
final class BuiltInProxyPause implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(BuiltInProxyPause.class);
    /** Openfire's property for its proxy port, and its default. */
    static final String OPENFIRE_PROXY_PORT = "xmpp.proxy.port";
    static final int OPENFIRE_DEFAULT_PROXY_PORT = 7777;
    static final String OPENFIRE_PROXY_ENABLED = "xmpp.proxy.enabled";

    private boolean stopped;

    /** The port of the plugin's SOCKS5 proxy: {@code clustering.proxy.port}, or Openfire's proxy port when that is unset. */
    static int port(ClusterConfiguration config) {
        Integer configured = config.get(ClusteringProperties.PROXY_PORT);
        return configured != null ? configured : JiveGlobals.getIntProperty(OPENFIRE_PROXY_PORT, OPENFIRE_DEFAULT_PROXY_PORT);
    }

    /**
     * Stops the built-in proxy if it is enabled on this node. Openfire opens its listener on a
     * thread of its own, which at start-up may not have bound yet: a caller whose bind then fails
     * calls this again before it retries.
     */
    void stop() {
        FileTransferProxy builtIn = XMPPServer.getInstance().getFileTransferProxy();
        if (builtIn != null && JiveGlobals.getBooleanProperty(OPENFIRE_PROXY_ENABLED, true)) {
            builtIn.stop();
            if (!stopped) {
                Log.info("Openfire's built-in file-transfer proxy stopped on this node while clustered");
            }
            stopped = true;
        }
    }

    @Override
    public void close() {
        if (!stopped) {
            return;
        }
        stopped = false;
        XMPPServer server = XMPPServer.getInstance();
        if (server != null && !server.isShuttingDown()) {
            server.getFileTransferProxy().start();
            Log.info("Openfire's built-in file-transfer proxy started again on this node");
        }
    }
}
