package org.ofclustering.cache;

import org.junit.jupiter.api.Test;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.ScratchRedisCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Redis Cluster master dies under cache traffic and its replica is promoted: writers and readers
 * on that master's slot carry on without one failed operation (each waits at most the command
 * timeout), and every write is found afterwards. Before the client rejected commands for a
 * disconnected node, commands queued for the dead master waited out the whole command timeout
 * and failed, though the replica was promoted long before.
 *
 * <p>History: each writer thread owns its keys and counts its applied writes; a read of an own key
 * must return the last value written to it, and after the run every key holds its count.
 */
class RedisClusterFailoverIT {
    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 8;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void cacheOperationsOnTheDeadMastersSlotSucceedOnceItsReplicaIsPromoted() throws Exception {
        try (ScratchRedisCluster redisCluster = new ScratchRedisCluster(true)) {
            KeySpace space = new KeySpace("it-cluster-failover");
            String cacheName = "Routing Users Cache";
            try (RedisConnector redis = RedisConnector.connect(redisCluster.settings(COMMAND_TIMEOUT), "ofc-it-failover")) {
                ClusteredCaches caches = new ClusteredCaches(redis, space, CacheNodes.codec(), "n1", CacheSettings.defaults());
                try {
                    ClusteredMap<String, Integer> map = caches.open(cacheName, CacheLimits.NONE);
                    int victim = redisCluster.masterOf(space.structure("cache:" + cacheName));
                    List<String> failures = new CopyOnWriteArrayList<>();
                    Map<String, Integer> written = new ConcurrentHashMap<>();
                    AtomicLong operations = new AtomicLong();
                    AtomicLong slowestNanos = new AtomicLong();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
                    List<Thread> threads = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                        int writer = w;
                        Thread t = new Thread(() -> {
                            int round = 0;
                            while (System.nanoTime() < end && round < 100_000) {
                                String key = "u" + writer + "-" + (round % KEYS_PER_WRITER) + "@failover";
                                int next = written.getOrDefault(key, 0) + 1;
                                long start = System.nanoTime();
                                try {
                                    map.put(key, next);
                                    written.put(key, next);
                                    Integer read = map.get(key);
                                    if (read == null || read != next) {
                                        failures.add("read " + read + " of " + key + " after writing " + next);
                                    }
                                } catch (RuntimeException e) {
                                    failures.add(key + ": " + e);
                                    // the write may or may not have run: read what Redis holds to keep the history exact
                                    Integer now = readBack(map, key);
                                    if (now != null) {
                                        written.put(key, now);
                                    }
                                }
                                slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                                operations.incrementAndGet();
                                round++;
                                pause();
                            }
                        }, "writer-" + w);
                        t.start();
                        threads.add(t);
                    }
                    Thread.sleep(2_000);
                    long killed = System.nanoTime();
                    redisCluster.crashMasterAndAwaitFailover(victim, 30_000);
                    long promotedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                    for (Thread t : threads) {
                        t.join(TimeUnit.SECONDS.toMillis(60));
                    }
                    System.out.printf("Redis Cluster fail-over under cache traffic: replica promoted %d ms after the kill; "
                                    + "%d operations, %d failed, slowest %d ms (command timeout %d ms)%n",
                            promotedAfter, operations.get(), failures.size(), TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()),
                            COMMAND_TIMEOUT.toMillis());
                    assertEquals(List.of(), failures.stream().limit(5).toList(), "operations failed during the fail-over");
                    assertTrue(operations.get() > 100, "too few operations ran: " + operations.get());
                    for (Map.Entry<String, Integer> e : written.entrySet()) {
                        assertEquals(e.getValue(), map.get(e.getKey()), "the last write of " + e.getKey() + " was lost");
                    }
                } finally {
                    caches.close();
                }
            }
        }
    }

    private static Integer readBack(ClusteredMap<String, Integer> map, String key) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return map.get(key);
            } catch (RuntimeException e) {
                pause();
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
