package org.ofclustering.openfire;

import org.jivesoftware.openfire.component.InternalComponentManager;
import org.ofclustering.bridge.FileTransferBridge;
import org.ofclustering.bridge.StreamHost;
import org.ofclustering.bridge.xmpp.ProxyComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.ComponentException;

import java.util.List;

/**
 * Serves {@code proxy.<domain>} on this node with the cluster-aware file-transfer proxy while it is
 * clustered: the built-in proxy keeps its legs in node-local memory and cannot pair legs that
 * reached different nodes. The built-in one is stopped beforehand ({@link BuiltInProxyPause}).
 */
final class ProxyService implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(ProxyService.class);
    private static final String SUBDOMAIN = "proxy";

    private final ProxyComponent component;
    private boolean registered;

    /**
     * @param streamHosts the stream hosts this node offers: the configured cluster-wide list, or this node's own host and port
     */
    ProxyService(FileTransferBridge bridge, List<StreamHost> streamHosts) {
        this.component = new ProxyComponent(bridge, () -> streamHosts);
    }

    void start() {
        try {
            InternalComponentManager.getInstance().addComponent(SUBDOMAIN, component);
            registered = true;
            Log.info("Cluster-aware file-transfer proxy serves {}.<domain> on this node", SUBDOMAIN);
        } catch (ComponentException e) {
            throw new ClusterStartException("the file-transfer proxy component could not be registered: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (registered) {
            InternalComponentManager.getInstance().removeComponent(SUBDOMAIN, component);
            registered = false;
        }
    }
}
