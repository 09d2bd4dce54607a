package org.ofclustering.membership;

import io.lettuce.core.KillArgs;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.JvmProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;

/**
 * Test fixture: a cluster of {@link MembershipNodeMain} processes with short leases, and the
 * cleanup of the cluster's Redis keys. Close it at the end of each test.
 */
final class MembershipNodes implements AutoCloseable {
    static final long HEARTBEAT_MS = 400;
    static final long LEASE_MS = 2000;
    /** Generous bound for "eventually" on a loaded two-core machine. */
    static final Duration WAIT = Duration.ofSeconds(20);

    final String cluster = "it-membership-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<JvmProcess> processes = new ArrayList<>();
    private final List<Integer> redisPorts = new ArrayList<>();

    /** Starts a node against the given Redis port and waits until it has joined. */
    Node start(String nodeId, int redisPort, String version) throws Exception {
        JvmProcess p = JvmProcess.start(nodeId, MembershipNodeMain.class, List.of(),
                "127.0.0.1", Integer.toString(redisPort), cluster, nodeId, version,
                Long.toString(HEARTBEAT_MS), Long.toString(LEASE_MS));
        processes.add(p);
        if (!redisPorts.contains(redisPort)) {
            redisPorts.add(redisPort);
        }
        Node node = new Node(nodeId, p);
        node.await("STARTED " + nodeId);
        return node;
    }

    Node start(String nodeId) throws Exception {
        return start(nodeId, 6379, "1.0.0");
    }

    /** Starts A, B and C one after the other against the shared Redis and waits until A has seen both others. */
    List<Node> startThree() throws Exception {
        Node a = start("A");
        Node b = start("B");
        Node c = start("C");
        a.await("EVENT joined B");
        a.await("EVENT joined C");
        for (String id : List.of("A", "B", "C")) {
            awaitWatched(id, 6379);
        }
        return List.of(a, b, c);
    }

    /**
     * Waits until the node's mark for the connection watch is set in Redis (its first renewal after
     * it listened on its alive channel): from then on, closing its connections ends its lease.
     */
    void awaitWatched(String nodeId, int redisPort) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", redisPort), "ofc-it-observer")) {
            byte[] armed = new KeySpace(cluster).keyBytes(KeySpace.MEMBERSHIP, "armed");
            while (!redis.sync().hexists(armed, nodeId.getBytes(StandardCharsets.UTF_8))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node " + nodeId + " was not watched within " + WAIT);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * One node process. {@link #await} finds lines in everything the node printed, each line
     * matched at most once, so a line printed before the test starts waiting for it is not lost.
     */
    static final class Node {
        final String name;
        final JvmProcess process;
        private final Set<Integer> claimed = new HashSet<>();

        Node(String name, JvmProcess process) {
            this.name = name;
            this.process = process;
        }

        /** The first line starting with the prefix not matched before, waiting up to {@link #WAIT}. */
        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                List<String> lines = process.output().lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    if (!claimed.contains(i) && lines.get(i).startsWith(prefix)) {
                        claimed.add(i);
                        return lines.get(i);
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("node " + name + " did not print '" + prefix + "' within " + WAIT
                    + "; alive=" + process.isAlive() + "; output:\n" + process.output());
        }

        /** How many lines starting with the prefix the node printed so far. */
        long count(String prefix) {
            return process.output().lines().filter(l -> l.startsWith(prefix)).count();
        }

        boolean printed(String prefix) {
            return count(prefix) > 0;
        }

        void send(String line) throws java.io.IOException {
            process.send(line);
        }
    }

    /** The value of {@code name=} in an EVENT line. */
    static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + "= in line: " + line);
    }

    static long longField(String line, String name) {
        return Long.parseLong(field(line, name));
    }

    /** The n-th space-separated word of a line (0 = "EVENT"). */
    static String word(String line, int n) {
        return line.split(" ")[n];
    }

    /** Closes every connection of that node to the shared Redis (CLIENT KILL by client name); returns how many. */
    int closeRedisConnectionsOf(String nodeId) {
        try (RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "ofc-it-killer")) {
            String clients = redis.sync().clientList();
            int closed = 0;
            for (String line : clients.split("\n")) {
                String name = field(line, "name");
                if (name.equals("ofc-it-" + nodeId) || name.equals("ofc-it-" + nodeId + "-pubsub")) {
                    redis.sync().clientKill(KillArgs.Builder.id(Long.parseLong(field(line, "id"))));
                    closed++;
                }
            }
            return closed;
        }
    }

    @Override
    public void close() {
        for (JvmProcess p : processes) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int port : redisPorts) {
            deleteKeys(port);
        }
    }

    private void deleteKeys(int port) {
        try (RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", port), "ofc-it-cleanup")) {
            String pattern = new KeySpace(cluster).allKeysPattern();
            List<byte[]> keys = redis.sync().keys(pattern);
            if (!keys.isEmpty()) {
                redis.sync().del(keys.toArray(byte[][]::new));
            }
        } catch (RuntimeException e) {
            // a test-owned Redis that is already gone holds no keys to clean
            System.out.println("cleanup of Redis " + port + " skipped: " + e.getMessage());
        }
    }
}
