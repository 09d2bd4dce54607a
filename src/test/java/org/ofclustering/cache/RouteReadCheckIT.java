package org.ofclustering.cache;

import org.junit.jupiter.api.Test;
import org.ofclustering.testsupport.CheckHistories;
import org.ofclustering.testsupport.CheckNodeArguments;
import org.ofclustering.testsupport.JvmProcess;
import org.ofclustering.testsupport.ScratchRedis;
import org.ofclustering.testsupport.TcpProxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The randomized multi-node check of clustered reads across Redis restarts that lose the data:
 * three member JVMs ({@link RouteReadNodeMain}) each put their users' routes into the cache when
 * they (re)join and read the other nodes' routes without pause, while the test restarts Redis
 * without persistence twice ({@code kill -9}, then start empty), freezes one node past its lease
 * (SIGSTOP) and cuts the Redis connections of another. {@link RouteReadHistory} then checks that no
 * read made within one membership period answered "absent" for a route that was in Redis
 * throughout that period: a read that met the empty Redis must have waited for the node's fence
 * and rejoin, not taken the empty answer for the cluster's state (Openfire would store a message
 * for that user offline while the user is online). Runs about 40 s; {@code -Dcheck.seed=N} repeats.
 */
class RouteReadCheckIT {
    private static final long HEARTBEAT_MS = 200;
    private static final long LEASE_MS = 1500;
    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");

    @Test
    void noReadTakesAnEmptyRedisForTheClustersRoutes() throws Exception {
        long seconds = Long.getLong("check.seconds", 30);
        long seed = Long.getLong("check.seed", System.currentTimeMillis());
        String clusterName = "it-readcheck-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> restarts = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        List<String> done = new ArrayList<>();
        System.out.printf("read check: seed %d, %d s, %d nodes x %d readers%n", seed, seconds, NODES.size(), RouteReadNodeMain.READERS);
        try (CheckHistories histories = new CheckHistories("read check"); ScratchRedis redis = new ScratchRedis(false)) {
            redis.start();
            try (TcpProxy cut = new TcpProxy("127.0.0.1", redis.port())) {
                List<JvmProcess> nodes = new ArrayList<>();
                try {
                    for (int i = 0; i < NODES.size(); i++) {
                        int port = i == 2 ? cut.port() : redis.port();
                        nodes.add(node(NODES.get(i), port, clusterName, seed + i, seconds, histories));
                    }
                    for (JvmProcess p : nodes) {
                        p.awaitLine("READY", Duration.ofSeconds(60));
                    }
                    long t0 = System.nanoTime();
                    sleepUntil(t0, seconds * 200);
                    restartEmpty(redis, restarts);
                    faults.add("Redis killed and started without its data");

                    sleepUntil(t0, seconds * 450);
                    nodes.get(1).freeze();
                    Thread.sleep(LEASE_MS + 1000);
                    nodes.get(1).resume();
                    faults.add("SIGSTOP of node-2 for " + (LEASE_MS + 1000) + " ms (lease " + LEASE_MS + " ms)");

                    sleepUntil(t0, seconds * 650);
                    restartEmpty(redis, restarts);
                    faults.add("Redis killed and started without its data, again");

                    sleepUntil(t0, seconds * 850);
                    cut.cutConnections();
                    faults.add("connections of node-3 to Redis cut");

                    for (JvmProcess p : nodes) {
                        done.add(p.awaitLine("DONE", Duration.ofSeconds(seconds + 90)));
                    }
                } finally {
                    for (JvmProcess p : nodes) {
                        p.close();
                    }
                }
            }
            RouteReadHistory history = RouteReadHistory.load(NODES, histories.files(), restarts);
            List<String> violations = history.check();
            System.out.println("read check faults: " + String.join("; ", faults));
            done.forEach(line -> System.out.println("read check " + line));
            System.out.println("read check: " + history.summary() + ", violations " + violations.size());
            violations.stream().limit(20).forEach(v -> System.out.println("  VIOLATION " + v));
            assertEquals(List.of(), violations.stream().limit(5).toList(), "a read took an empty Redis for the cluster's routes (seed " + seed + ")");
            // Only a read in flight while its own process was frozen past the command timeout may fail (not counted).
            assertTrue(done.stream().allMatch(line -> line.endsWith("failed reads 0")), "reads failed instead of waiting: " + done);
            assertTrue(history.checkedReads() >= 1_000, "too few reads of restored routes to check anything: " + history.summary());
            assertTrue(history.readsAfterLastRestart() >= 100, "reads did not resume after the last restart: " + history.summary());
        }
    }

    private static void restartEmpty(ScratchRedis redis, List<Long> restarts) throws Exception {
        redis.crash();
        restarts.add(System.nanoTime()); // every read answered after this comes from the new, empty dataset
        Thread.sleep(500);
        redis.start();
    }

    private static JvmProcess node(String nodeId, int port, String clusterName, long seed, long seconds,
                                   CheckHistories histories) throws Exception {
        return JvmProcess.start(nodeId, RouteReadNodeMain.class, List.of("-Xmx128m"), CheckNodeArguments.of(port, clusterName,
                nodeId, seed, seconds, histories.forNode(nodeId), HEARTBEAT_MS, LEASE_MS, String.join(",", NODES)));
    }

    private static void sleepUntil(long t0, long millisAfter) throws InterruptedException {
        long wait = millisAfter - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
