package org.ofclustering.lock;

import org.junit.jupiter.api.Test;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.CheckHistories;
import org.ofclustering.testsupport.CheckNodeArguments;
import org.ofclustering.testsupport.JvmProcess;
import org.ofclustering.testsupport.ScratchRedis;
import org.ofclustering.testsupport.TcpProxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The randomized multi-node check of the cluster locks under faults: three member JVMs
 * ({@link LockCheckNodeMain}) run random locked sections on four keys on a private Redis (with an
 * append-only file, so a restart keeps what it acknowledged) while the test freezes one node past
 * its lease (SIGSTOP), kills another ({@code kill -9}) and starts a replacement, restarts Redis
 * ({@code kill -9}, then start on the same data), and cuts the connection of the third. Then
 * {@link SectionHistory} checks the recorded history: exclusion, no lost update, reads see the
 * latest write. Runs about a minute; {@code -Dcheck.seconds=600} makes it a soak,
 * {@code -Dcheck.seed=N} repeats a run.
 */
class LockCheckIT {
    private static final long HEARTBEAT_MS = 200;
    private static final long LEASE_MS = 1500;

    @Test
    void locksExcludeLoseNoUpdateAndReadTheLatestWriteUnderFaults() throws Exception {
        long seconds = Long.getLong("check.seconds", 40);
        long seed = Long.getLong("check.seed", System.currentTimeMillis());
        String clusterName = "it-lockcheck-" + UUID.randomUUID().toString().substring(0, 8);
        KeySpace space = new KeySpace(clusterName);
        List<String> faults = new ArrayList<>();
        System.out.printf("lock check: seed %d, %d s, 3 nodes x %d threads on %d keys%n", seed, seconds,
                LockCheckNodeMain.THREADS, LockCheckNodeMain.KEYS);
        try (CheckHistories histories = new CheckHistories("lock check"); ScratchRedis redis = new ScratchRedis(true)) {
            redis.start();
            try (TcpProxy cut = new TcpProxy("127.0.0.1", redis.port())) {
                JvmProcess one = node("node-1", cut.port(), clusterName, seed, seconds, histories);
                JvmProcess two = node("node-2", redis.port(), clusterName, seed + 1, seconds, histories);
                JvmProcess three = node("node-3", redis.port(), clusterName, seed + 2, seconds, histories);
                JvmProcess four = null;
                try {
                    for (JvmProcess p : List.of(one, two, three)) {
                        p.awaitLine("READY", Duration.ofSeconds(60));
                    }
                    long t0 = System.nanoTime();
                    sleepUntil(t0, seconds * 150);
                    two.freeze();
                    Thread.sleep(LEASE_MS + 1000);
                    two.resume();
                    faults.add("SIGSTOP of node-2 for " + (LEASE_MS + 1000) + " ms (lease " + LEASE_MS + " ms)");

                    sleepUntil(t0, seconds * 350);
                    three.kill();
                    long left = Math.max(5, seconds - TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
                    four = node("node-4", redis.port(), clusterName, seed + 3, left, histories);
                    faults.add("kill -9 of node-3 inside its sections; node-4 started");

                    sleepUntil(t0, seconds * 550);
                    redis.crash();
                    Thread.sleep(500);
                    redis.start();
                    faults.add("Redis killed and restarted on its append-only file after 500 ms");

                    sleepUntil(t0, seconds * 750);
                    cut.cutConnections();
                    faults.add("connections of node-1 to Redis cut");

                    for (JvmProcess p : List.of(one, two, four)) {
                        System.out.println("lock check " + p.awaitLine("DONE", Duration.ofSeconds(seconds + 60)));
                    }
                } finally {
                    for (JvmProcess p : new JvmProcess[]{one, two, three, four}) {
                        if (p != null) {
                            p.close();
                        }
                    }
                }
            }
            Map<Integer, Integer> finalCache = new HashMap<>();
            Map<Integer, Integer> finalExternal = new HashMap<>();
            readFinalValues(redis.port(), space, finalCache, finalExternal);

            SectionHistory history = SectionHistory.load(histories.files());
            List<String> violations = history.check(finalCache, finalExternal);
            System.out.println("lock check faults: " + String.join("; ", faults));
            history.summary().forEach((k, v) -> System.out.printf("  %-60s %d%n", k, v));
            System.out.printf("lock check: %d sections, %d cache and %d external increments applied, final counters cache %s external %s, violations %d%n",
                    history.size(), history.applied("cache"), history.applied("external"), finalCache, finalExternal, violations.size());
            violations.stream().limit(20).forEach(v -> System.out.println("  VIOLATION " + v));
            assertEquals(List.of(), violations.stream().limit(5).toList(), "the history breaks a lock invariant (seed " + seed + ")");
            assertTrue(history.applied("cache") >= 100 && history.applied("external") >= 50,
                    "too few sections ran to check anything: " + history.summary());
            assertEquals(4, faults.size());
        }
    }

    private static JvmProcess node(String nodeId, int port, String clusterName, long seed, long seconds,
                                   CheckHistories histories) throws Exception {
        return JvmProcess.start(nodeId, LockCheckNodeMain.class, List.of("-Xmx128m"), CheckNodeArguments.of(port, clusterName,
                nodeId, seed, seconds, histories.forNode(nodeId), HEARTBEAT_MS, LEASE_MS));
    }

    private static void readFinalValues(int port, KeySpace space, Map<Integer, Integer> cache, Map<Integer, Integer> external) {
        RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", port), "ofc-check-reader");
        ClusteredCaches reader = new ClusteredCaches(redis, space, CacheNodes.codec(), "reader", CacheSettings.defaults());
        try {
            ClusteredMap<String, Integer> users = reader.open("Routing Users Cache", CacheLimits.NONE);
            for (int key = 0; key < LockCheckNodeMain.KEYS; key++) {
                Integer v = users.get(LockCheckNodeMain.entry(key));
                cache.put(key, v == null ? 0 : v);
                byte[] raw = redis.sync().get(LockCheckNodeMain.externalKey(space, key));
                external.put(key, raw == null ? 0 : Integer.parseInt(new String(raw, StandardCharsets.US_ASCII)));
            }
        } finally {
            reader.close();
            redis.close();
        }
    }

    private static void sleepUntil(long t0, long millisAfter) throws InterruptedException {
        long wait = millisAfter - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
