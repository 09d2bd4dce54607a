package org.ofclustering.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.codec.CodecException;

import java.awt.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two engine nodes sharing clustered caches on a real Redis. */
class ClusteredMapIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private CacheNodes cluster;
    private ClusteredCaches nodeA;
    private ClusteredCaches nodeB;

    @BeforeEach
    void start() {
        cluster = new CacheNodes("cache");
        nodeA = cluster.node("node-a", CacheSettings.defaults().withPageSize(7).withNearCaches(Set.of("near")));
        nodeB = cluster.node("node-b", CacheSettings.defaults().withPageSize(7).withNearCaches(Set.of("near")));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void mapContractHoldsAcrossNodes() {
        ClusteredMap<String, RouteValue> a = nodeA.open("Routing Users Cache", CacheLimits.NONE);
        ClusteredMap<String, RouteValue> b = nodeB.open("Routing Users Cache", CacheLimits.NONE);
        RouteValue onA = new RouteValue("node-a", true);
        RouteValue onB = new RouteValue("node-b", false);

        assertTrue(b.isEmpty());
        assertNull(a.put("alice@x/r1", onA));
        assertEquals(onA, b.get("alice@x/r1"), "a value written on one node is read on the other, as its own type");
        assertEquals(onA, b.put("alice@x/r1", onB), "put returns the previous value");
        assertEquals(onB, a.putIfAbsent("alice@x/r1", onA), "putIfAbsent keeps the present value");
        assertNull(a.putIfAbsent("bob@x/r1", onA));
        assertEquals(2, b.size());
        assertTrue(b.containsKey("bob@x/r1"));
        assertFalse(b.containsKey("carol@x/r1"));
        assertTrue(b.containsValue(onB));
        assertFalse(b.containsValue(new RouteValue("node-z", true)));

        assertFalse(b.remove("bob@x/r1", onB), "remove(k, v) with another value removes nothing");
        assertTrue(a.containsKey("bob@x/r1"));
        assertTrue(b.remove("bob@x/r1", onA));
        assertNull(a.get("bob@x/r1"));
        assertNull(a.replace("bob@x/r1", onA), "replace(k, v) of an absent key writes nothing");
        assertFalse(a.containsKey("bob@x/r1"));
        assertEquals(onB, a.replace("alice@x/r1", onA));
        assertFalse(b.replace("alice@x/r1", onB, onB), "replace(k, old, new) with a wrong old value");
        assertTrue(b.replace("alice@x/r1", onA, onB));
        assertEquals(onB, a.get("alice@x/r1"));
        assertEquals(onB, a.remove("alice@x/r1"));
        assertNull(b.remove("alice@x/r1"));
        assertTrue(a.isEmpty());
    }

    @Test
    void viewsIteratePagesAndReturnOriginalTypes() {
        ClusteredMap<Integer, HashSet<String>> a = nodeA.open("Routing User Sessions", CacheLimits.NONE);
        ClusteredMap<Integer, HashSet<String>> b = nodeB.open("Routing User Sessions", CacheLimits.NONE);
        Map<Integer, HashSet<String>> expected = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            expected.put(i, new HashSet<>(Set.of("user" + i + "@x/r1", "user" + i + "@x/r2")));
        }
        a.putAll(expected);
        assertEquals(100, b.size());

        List<Integer> keys = new ArrayList<>(b.keySet()); // pages of 7: 15 HSCAN calls at least
        assertEquals(100, keys.size(), "every key exactly once");
        assertEquals(expected.keySet(), new HashSet<>(keys));
        assertEquals(new HashSet<>(expected.values()), new HashSet<>(b.values()));
        Map<Integer, HashSet<String>> copy = new HashMap<>();
        for (Map.Entry<Integer, HashSet<String>> e : b.entrySet()) {
            copy.put(e.getKey(), e.getValue());
        }
        assertEquals(expected, copy);

        Iterator<Integer> it = b.keySet().iterator();
        Integer removed = it.next();
        it.remove();
        assertFalse(a.containsKey(removed), "removing through an iterator removes from the cache");
        for (Map.Entry<Integer, HashSet<String>> e : b.entrySet()) {
            if (e.getKey() == 42) {
                e.setValue(new HashSet<>(Set.of("changed")));
            }
        }
        assertEquals(Set.of("changed"), a.get(42));
        assertTrue(b.keySet().contains(7));
        assertTrue(b.entrySet().contains(Map.entry(7, expected.get(7))));
        b.keySet().remove(7);
        assertFalse(a.containsKey(7));
        assertEquals(98, a.size());
        a.clear();
        assertEquals(0, b.size());
    }

    @Test
    void concurrentWritersOnBothNodesLoseNothing() throws Exception {
        ClusteredMap<String, Integer> a = nodeA.open("counters", CacheLimits.NONE);
        ClusteredMap<String, Integer> b = nodeB.open("counters", CacheLimits.NONE);
        a.put("counter", 0);
        int perThread = 60;
        Map<String, String> winners = new ConcurrentHashMap<>();
        AtomicInteger lostRaces = new AtomicInteger();
        Concurrently.run(6, t -> {
            ClusteredMap<String, Integer> map = t % 2 == 0 ? a : b;
            String who = (t % 2 == 0 ? "a" : "b") + t;
            for (int i = 0; i < perThread; i++) {
                while (true) {
                    Integer current = map.get("counter");
                    if (map.replace("counter", current, current + 1)) {
                        break;
                    }
                }
                if (map.putIfAbsent("slot-" + i, who.hashCode()) == null) {
                    winners.merge("slot-" + i, who, (x, y) -> x + "," + y);
                } else {
                    lostRaces.incrementAndGet();
                }
            }
        });
        assertEquals(6 * perThread, b.get("counter"), "compare-and-set increments from both nodes are all kept");
        assertEquals(perThread, winners.size());
        winners.forEach((slot, who) -> assertFalse(who.contains(","), slot + " had two winners: " + who));
        assertEquals(5 * perThread, lostRaces.get());
    }

    @Test
    void expiryAndEvictionAreReportedToEveryNode() throws Exception {
        ClusteredMap<String, String> a = nodeA.open("limited", new CacheLimits(3, -1));
        ClusteredMap<String, String> b = nodeB.open("limited", new CacheLimits(3, -1));
        RecordingListener<String, String> onB = new RecordingListener<>();
        b.addListener(onB, true, true);
        for (int i = 1; i <= 5; i++) {
            a.put("k" + i, "v" + i);
        }
        assertEquals(3, b.size(), "the entry limit holds");
        assertEquals(Set.of("k3", "k4", "k5"), new HashSet<>(b.keySet()), "the least recently written entries went");
        CacheNodes.eventually("two evictions reach node b", WAIT, () -> onB.lines().stream().filter(l -> l.startsWith("evicted")).count() == 2);
        assertTrue(onB.lines().contains("evicted k1 v1 null node-a"), onB.lines().toString());
        assertTrue(onB.lines().contains("evicted k2 v2 null node-a"), onB.lines().toString());

        ClusteredMap<String, String> ea = nodeA.open("expiring", new CacheLimits(-1, 400));
        ClusteredMap<String, String> eb = nodeB.open("expiring", new CacheLimits(-1, 400));
        RecordingListener<String, String> onA = new RecordingListener<>();
        ea.addListener(onA, false, true);
        ea.put("short", "lived");
        ea.put("other", "lived");
        assertEquals("lived", eb.get("short"));
        CacheNodes.eventually("the entry expires", WAIT, () -> eb.get("short") == null);
        CacheNodes.eventually("size does not count expired entries", WAIT, () -> eb.size() == 0);
        CacheNodes.eventually("expiry is reported as eviction, by the node that found it", WAIT,
                () -> onA.lines().containsAll(List.of("evicted short null null node-b", "evicted other null null node-b")));
        assertTrue(onA.lines().contains("added short null null node-a"), "no values when added without values");
    }

    @Test
    void listenersSeeEveryNodesChangesInOrderWithTheirOrigin() throws Exception {
        ClusteredMap<String, Integer> a = nodeA.open("ordered", CacheLimits.NONE);
        ClusteredMap<String, Integer> b = nodeB.open("ordered", CacheLimits.NONE);
        RecordingListener<String, Integer> allOnA = new RecordingListener<>();
        RecordingListener<String, Integer> remoteOnlyOnA = new RecordingListener<>();
        RecordingListener<String, Integer> allOnB = new RecordingListener<>();
        a.addListener(allOnA, true, true);
        a.addListener(remoteOnlyOnA, true, false);
        String idOnB = b.addListener(allOnB, true, true);
        Thread writerA = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                a.put("ka", i);
            }
            a.remove("ka");
        });
        Thread writerB = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                b.put("kb", i);
            }
            b.remove("kb");
        });
        writerA.start();
        writerB.start();
        writerA.join(60_000);
        writerB.join(60_000);
        a.clear();
        CacheNodes.eventually("all events on a", WAIT, () -> allOnA.size() == 403);
        CacheNodes.eventually("all events on b", WAIT, () -> allOnB.size() == 403);
        for (RecordingListener<String, Integer> l : List.of(allOnA, allOnB)) {
            for (String key : List.of("ka", "kb")) {
                String origin = key.equals("ka") ? "node-a" : "node-b";
                List<String> lines = l.linesAbout(key);
                assertEquals(201, lines.size());
                assertEquals("added " + key + " null 0 " + origin, lines.get(0));
                for (int i = 1; i < 200; i++) {
                    assertEquals("updated " + key + " " + (i - 1) + " " + i + " " + origin, lines.get(i), "per-key order");
                }
                assertEquals("removed " + key + " 199 null " + origin, lines.get(200));
            }
            assertEquals("cleared node-a", l.lines().get(402));
        }
        CacheNodes.eventually("remote events on a", WAIT, () -> remoteOnlyOnA.size() == 201);
        assertTrue(remoteOnlyOnA.lines().stream().allMatch(l -> l.endsWith(" node-b")), "no events of the local node");

        RecordingListener<String, Integer> stillOnB = new RecordingListener<>();
        b.addListener(stillOnB, true, true);
        b.removeListener(idOnB);
        a.put("after", 1);
        a.put("marker", 1);
        // Node b hands events to its listeners one after the other, in order: once the marker reached
        // the listener still registered, the event before it had reached every listener it was going to reach.
        CacheNodes.eventually("node b delivered the marker", WAIT, () -> stillOnB.lines().contains("added marker null 1 node-a"));
        assertEquals(List.of("added after null 1 node-a", "added marker null 1 node-a"), stillOnB.lines());
        assertEquals(403, allOnB.size(), "a removed listener gets nothing more");
    }

    @Test
    void valuesThatCannotTravelAreRefusedNamingCacheAndClass() {
        ClusteredMap<String, Object> a = nodeA.open("strict", CacheLimits.NONE);
        CodecException notSerializable = assertThrows(CodecException.class, () -> a.put("k", new Object()));
        assertTrue(notSerializable.getMessage().contains("'strict'") && notSerializable.getMessage().contains("java.lang.Object"),
                notSerializable.getMessage());
        CodecException notAllowed = assertThrows(CodecException.class, () -> a.put("k", new Point(1, 2)));
        assertTrue(notAllowed.getMessage().contains("'strict'") && notAllowed.getMessage().contains("java.awt.Point"),
                notAllowed.getMessage());
        assertFalse(a.containsKey("k"), "nothing was stored");
    }

    @Test
    void nearCacheServesRepeatedReadsAndSeesOtherNodesWrites() throws Exception {
        ClusteredMap<String, String> a = nodeA.open("near", CacheLimits.NONE);
        ClusteredMap<String, String> b = nodeB.open("near", CacheLimits.NONE);
        assertTrue(b.hasNearCache());
        RecordingListener<String, String> onB = new RecordingListener<>();
        b.addListener(onB, false, true);
        a.put("k", "one");
        // The event of this write invalidates b's copy whenever it arrives: wait for it first.
        CacheNodes.eventually("node b processed the write's event", WAIT, () -> onB.size() == 1);
        assertEquals("one", b.get("k"));
        // Remove the entry behind the caches' back (no event): node b still answers from its copy.
        cluster.admin().sync().del(new CacheKeys(cluster.space, "near").entries);
        assertNull(a.get("k"), "the entry is gone from Redis");
        assertEquals("one", b.get("k"), "a repeated read is served by the near cache");
        a.put("k", "two");
        CacheNodes.eventually("the invalidation from node a arrives", WAIT, () -> "two".equals(b.get("k")));
        b.put("k", "three");
        assertEquals("three", b.get("k"), "a node's own write is visible at once");
        var lock = b.getLock("k");
        lock.lock();
        try {
            a.put("k", "four"); // a's write does not wait for b's lock: locks guard only who takes them
            assertEquals("four", b.get("k"), "under a cluster lock the near cache is bypassed");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void everyNodesFiguresAreReadableEverywhere() {
        ClusteredMap<String, String> a = nodeA.open("figures", new CacheLimits(1000, 60_000));
        a.put("k", "v");
        a.get("k");
        a.get("absent");
        nodeA.publishStats(nodeA.figures());
        nodeB.open("figures", CacheLimits.NONE);
        nodeB.publishStats(List.of(new CacheFigures("File Transfer", 0, 0, -1, 60_000, 0, 0, "ENTITIES")));
        Map<String, List<CacheFigures>> all = nodeB.readStats();
        assertEquals(Set.of("node-a", "node-b"), all.keySet());
        CacheFigures fa = all.get("node-a").get(0);
        assertEquals(new CacheFigures("figures", 1, 1, 1000, 60_000, 1, 1, "ENTITIES"), fa);
        assertEquals("File Transfer", all.get("node-b").get(0).cacheName());
    }
}
