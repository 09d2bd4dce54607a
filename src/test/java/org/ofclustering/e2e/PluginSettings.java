package org.ofclustering.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clustering plugin's settings for a test cluster: everything on loopback, one cluster name
 * per test cluster so that its Redis keys, exchanges and queues are its own.
 */
final class PluginSettings {
    static final String REDIS = "redis://127.0.0.1:6379";
    static final String RABBITMQ = "127.0.0.1:5672";

    private PluginSettings() {
    }

    /** Cluster-wide settings: Openfire system properties in the shared database. */
    static Map<String, String> clusterWide(String clusterName) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("clustering.name", clusterName);
        m.put("clustering.redis.addresses", REDIS);
        m.put("clustering.rabbitmq.addresses", RABBITMQ);
        // Openfire's own proxy refuses a XEP-0065 transfer it did not see offered with XEP-0096 first;
        // the suite drives XEP-0065 directly, like clients that negotiate with Jingle.
        m.put("xmpp.proxy.transfer.required", "false");
        // No calls to the Openfire project's update service from test nodes.
        m.put("update.service-enabled", "false");
        return m;
    }

    /**
     * Per-node settings (openfire.xml): the advertised host and the file-transfer bridge's bind
     * address and node-to-node link port, distinct per node on one host. The SOCKS5 port is left
     * unset, as an administrator who just enables clustering would: the plugin's proxy then takes
     * over Openfire's proxy port ({@code xmpp.proxy.port}) on each node.
     */
    static Map<String, String> perNode(NodePorts ports) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("clustering.node.host", "127.0.0.1");
        m.put("clustering.proxy.bindAddress", "127.0.0.1");
        m.put("clustering.bridge.port", Integer.toString(ports.bridgeLink()));
        m.put("clustering.proxy.advertisedHost", "127.0.0.1");
        return m;
    }
}
