package org.ofclustering.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several Openfire nodes sharing one fresh database, started one after the other; the first runs
 * the unattended setup. With {@code clusteringEnabled} openfire.xml enables clustering, under a
 * cluster name of this cluster's own. {@link #close()} stops every node (killing what does not
 * stop), drops the database and removes the cluster's Redis keys and RabbitMQ topology.
 */
public final class OpenfireCluster implements AutoCloseable {
    /** Password of the {@code admin} account every test cluster gets. */
    public static final String ADMIN_PASSWORD = "e2e-admin-secret";
    /** Generous: two cores are shared by several builds, and a node may have to join a cluster. */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private final OpenfireDistribution distribution;
    private final Path pluginJar;
    private final boolean clusteringEnabled;
    private final String clusterName;
    private final String domain;
    private final SharedDatabase database;
    private final Map<String, String> clusterProperties;
    private final List<OpenfireNode> nodes = new ArrayList<>();

    private OpenfireCluster(OpenfireDistribution distribution, Path pluginJar, boolean clusteringEnabled,
                            String suffix, SharedDatabase database, Map<String, String> extraClusterProperties) {
        this.distribution = distribution;
        this.pluginJar = pluginJar;
        this.clusteringEnabled = clusteringEnabled;
        this.clusterName = "e2e-" + suffix;
        this.domain = "e2e-" + suffix + ".test";
        this.database = database;
        Map<String, String> properties = new HashMap<>(PluginSettings.clusterWide(clusterName));
        properties.putAll(extraClusterProperties);
        this.clusterProperties = Map.copyOf(properties);
    }

    /**
     * Starts {@code count} nodes, one after the other.
     *
     * @param pluginJar         {@code clustering.jar} to install on every node, or null for plain Openfire
     * @param clusteringEnabled whether openfire.xml enables clustering
     */
    public static OpenfireCluster start(OpenfireDistribution distribution, Path pluginJar, int count,
                                        boolean clusteringEnabled) throws IOException, SQLException, InterruptedException {
        return start(distribution, pluginJar, count, clusteringEnabled, Map.of());
    }

    /** Like {@link #start(OpenfireDistribution, Path, int, boolean)}, with further cluster-wide system properties. */
    public static OpenfireCluster start(OpenfireDistribution distribution, Path pluginJar, int count,
                                        boolean clusteringEnabled, Map<String, String> extraClusterProperties)
            throws IOException, SQLException, InterruptedException {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        SharedDatabase database = SharedDatabase.create();
        OpenfireCluster cluster = new OpenfireCluster(distribution, pluginJar, clusteringEnabled,
                HexFormat.of().formatHex(random), database, extraClusterProperties);
        try {
            for (int i = 1; i <= count; i++) {
                cluster.addNode();
            }
            return cluster;
        } catch (IOException | SQLException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Prepares and starts one more node (the first one runs Openfire's setup). */
    public OpenfireNode addNode() throws IOException, SQLException, InterruptedException {
        int index = nodes.size() + 1;
        NodePorts ports = NodePorts.allocate();
        NodeSpec spec = new NodeSpec("node" + index, distribution, pluginJar, database, domain,
                clusterName + "-node" + index, clusteringEnabled, ports, ADMIN_PASSWORD,
                clusterProperties, PluginSettings.perNode(ports));
        OpenfireNode node = OpenfireNode.prepare(spec, nodes.isEmpty());
        nodes.add(node);
        if (index > 1) {
            node.adoptSecuritySettingsOf(nodes.get(0));
        }
        node.start(BOOT_TIMEOUT);
        return node;
    }

    /**
     * Waits until every node has joined the cluster and has been seen joining by every node that
     * was there before it, judged by the events Openfire logs ("Firing joined cluster event ...").
     */
    public void awaitFormed(Duration timeout) throws InterruptedException {
        for (OpenfireNode node : nodes) {
            awaitJoined(node, timeout);
        }
    }

    /**
     * Starts a stopped or killed node again (same home, same ports) and waits until it has joined
     * and every other running node has seen it join.
     */
    public void restart(OpenfireNode node, Duration joinTimeout) throws IOException, SQLException, InterruptedException {
        Map<OpenfireNode, Integer> marks = new HashMap<>();
        for (OpenfireNode other : nodes) {
            if (other != node && other.isRunning()) {
                marks.put(other, other.logMark());
            }
        }
        node.start(BOOT_TIMEOUT);
        if (!clusteringEnabled) {
            return;
        }
        node.awaitLogLine(ClusterEvents.JOINED_THIS_NODE, joinTimeout);
        for (Map.Entry<OpenfireNode, Integer> e : marks.entrySet()) {
            e.getKey().awaitLogLine(e.getValue(), ClusterEvents.joinedOther(node), joinTimeout);
        }
    }

    /** Waits until {@code node} has joined since it was last started, and every node started before it has seen it join. */
    private void awaitJoined(OpenfireNode node, Duration timeout) throws InterruptedException {
        node.awaitLogLine(ClusterEvents.JOINED_THIS_NODE, timeout);
        for (OpenfireNode other : nodes) {
            if (other != node && other.isRunning() && nodes.indexOf(other) < nodes.indexOf(node)) {
                other.awaitLogLine(ClusterEvents.joinedOther(node), timeout);
            }
        }
    }

    /** The plugin under test: system property {@code clustering.jar} (set by the build) or target/clustering.jar. */
    public static Path pluginJar() {
        Path jar = Paths.get(System.getProperty("clustering.jar", "target/clustering.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with 'mvn package' first");
        }
        return jar.toAbsolutePath();
    }

    public List<OpenfireNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Node by position, 0 for the first; positions wrap around when the cluster has fewer nodes. */
    public OpenfireNode node(int index) {
        return nodes.get(index % nodes.size());
    }

    public int size() {
        return nodes.size();
    }

    public String domain() {
        return domain;
    }

    public String clusterName() {
        return clusterName;
    }

    public SharedDatabase database() {
        return database;
    }

    /** The end of every node's log, for failure messages. */
    public String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (OpenfireNode n : nodes) {
            b.append(n.diagnostics()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        // In parallel: a graceful stop lets each node leave the cluster, and takes seconds.
        ExecutorService stoppers = Executors.newFixedThreadPool(Math.max(1, nodes.size()));
        List<Future<?>> stopped = new ArrayList<>();
        for (OpenfireNode n : nodes) {
            stopped.add(stoppers.submit(() -> {
                try {
                    n.stop();
                } finally {
                    n.close();
                }
                return null;
            }));
        }
        for (Future<?> f : stopped) {
            try {
                f.get();
            } catch (Exception e) {
                System.err.println("[e2e] stopping a node failed: " + e);
            }
        }
        stoppers.shutdownNow();
        ClusterServiceCleanup.run(clusterName, nodes.stream().map(OpenfireNode::nodeId).toList());
        try {
            database.close();
        } catch (SQLException e) {
            System.err.println("[e2e] database " + database.name() + " not dropped: " + e.getMessage());
        }
    }
}
