package org.ofclustering.e2e;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one Openfire node of a test cluster is.
 *
 * @param name              label for logs and failure messages, e.g. {@code node2}
 * @param distribution      the Openfire distribution the node runs
 * @param pluginJar         {@code clustering.jar} to install, or null for a plain Openfire
 * @param database          the database shared by all nodes
 * @param domain            the XMPP domain (the same on every node)
 * @param nodeId            the node's cluster NodeID (openfire.xml {@code clustering.nodeid})
 * @param clusteringEnabled openfire.xml {@code clustering.enabled}
 * @param ports             the node's own loopback ports
 * @param adminPassword     password of the {@code admin} account the setup creates
 * @param clusterProperties system properties kept in the shared database (the plugin's cluster-wide settings)
 * @param nodeProperties    further openfire.xml properties of this node only (the plugin's per-node settings)
 */
public record NodeSpec(String name, OpenfireDistribution distribution, Path pluginJar, SharedDatabase database,
                       String domain, String nodeId, boolean clusteringEnabled, NodePorts ports, String adminPassword,
                       Map<String, String> clusterProperties, Map<String, String> nodeProperties) {
    public NodeSpec {
        clusterProperties = Map.copyOf(clusterProperties);
        nodeProperties = Map.copyOf(nodeProperties);
    }
}
