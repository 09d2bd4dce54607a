package org.ofclustering.cache;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caches, events and locks of two nodes on a real three-master Redis Cluster (ports 7101-7103). */
class RedisClusterModeIT {
    private static LocalRedisCluster redisCluster;
    private static CacheNodes cluster;
    private static ClusteredCaches nodeA;
    private static ClusteredCaches nodeB;

    @BeforeAll
    static void start() throws Exception {
        redisCluster = new LocalRedisCluster(List.of(7101, 7102, 7103));
        cluster = new CacheNodes("cache-rc", redisCluster.settings());
        CacheSettings settings = CacheSettings.defaults().withPageSize(5);
        nodeA = cluster.node("node-a", redisCluster.settings(), settings);
        nodeB = cluster.node("node-b", redisCluster.settings(), settings);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (redisCluster != null) {
                redisCluster.close();
            }
        }
    }

    @Test
    void cachesSpreadOverTheMastersKeepTheMapContractAndEvents() throws Exception {
        // The slot of each cache follows from the random cluster name: with ten caches, all of them
        // land on one of the three masters with a probability of 3 x 3^-10.
        List<String> names = List.of("Routing Users Cache", "Routing User Sessions", "Client Session Info Cache", "Directed Presences",
                "Routing Servers Cache", "Routing Components Cache", "Incoming Server Session Info Cache",
                "Components Sessions", "Connection Manager Session Info Cache", "Entity Capabilities");
        for (String name : names) {
            nodeB.open(name, CacheLimits.NONE).put("probe", new RouteValue("node-b", true));
        }
        assertTrue(redisCluster.keysPerMaster().stream().filter(n -> n > 0).count() >= 2,
                "the caches should spread over several masters: " + redisCluster.keysPerMaster());
        nodeB.open(names.get(0), CacheLimits.NONE).remove("probe");
        for (String name : names) {
            ClusteredMap<String, RouteValue> a = nodeA.open(name, new CacheLimits(50, -1));
            ClusteredMap<String, RouteValue> b = nodeB.open(name, new CacheLimits(50, -1));
            b.remove("probe");
            RecordingListener<String, RouteValue> onA = new RecordingListener<>();
            a.addListener(onA, true, false);
            for (int i = 0; i < 60; i++) {
                b.put("user" + i + "@x/r", new RouteValue("node-b", i % 2 == 0));
            }
            assertEquals(50, a.size(), name + ": the entry limit holds");
            assertNull(a.get("user0@x/r"), name + ": the oldest were evicted");
            assertEquals(new RouteValue("node-b", false), a.get("user59@x/r"));
            assertTrue(a.replace("user59@x/r", new RouteValue("node-b", false), new RouteValue("node-a", true)));
            assertEquals(new RouteValue("node-a", true), b.putIfAbsent("user59@x/r", new RouteValue("node-b", true)));
            Set<String> keys = new HashSet<>(b.keySet());
            assertEquals(50, keys.size());
            CacheNodes.eventually(name + ": node b's adds and evictions reach node a", Duration.ofSeconds(20),
                    () -> onA.lines().stream().filter(l -> l.startsWith("added")).count() == 60
                            && onA.lines().stream().filter(l -> l.startsWith("evicted")).count() == 10);
            assertEquals("added user0@x/r null RouteValue[nodeId=node-b, available=true] node-b", onA.lines().get(0));
            b.clear();
            assertTrue(a.isEmpty());
        }
    }

    @Test
    void locksAreExclusiveAcrossNodes() throws Exception {
        ClusteredMap<String, Integer> a = nodeA.open("Routing User Sessions", CacheLimits.NONE);
        ClusteredMap<String, Integer> b = nodeB.open("Routing User Sessions", CacheLimits.NONE);
        ClusteredMap<String, Integer> counterA = nodeA.open("counter", CacheLimits.NONE);
        ClusteredMap<String, Integer> counterB = nodeB.open("counter", CacheLimits.NONE);
        counterA.put("n", 0);
        Concurrently.run(4, t -> {
            ClusteredMap<String, Integer> sessions = t % 2 == 0 ? a : b;
            ClusteredMap<String, Integer> counter = t % 2 == 0 ? counterA : counterB;
            for (int i = 0; i < 30; i++) {
                Lock lock = sessions.getLock("dave@example.org");
                lock.lock();
                try {
                    counter.put("n", counter.get("n") + 1); // a cache in another slot than the lock
                } finally {
                    lock.unlock();
                }
            }
        });
        assertEquals(120, counterB.get("n"));
        Lock held = a.getLock("erin@example.org");
        held.lock();
        try {
            assertFalse(b.getLock("erin@example.org").tryLock(200, TimeUnit.MILLISECONDS));
        } finally {
            held.unlock();
        }
    }
}
