package org.ofclustering.bench;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.ofclustering.cache.CacheEntryListener;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.cache.RouteValue;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.lock.ClusterLocks;
import org.ofclustering.lock.LockSettings;
import org.ofclustering.lock.SingleReadSites;
import org.ofclustering.openfire.RoutingEntryGuards;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * Latency of the clustered cache against the physical limit measured in the same run: a raw
 * Lettuce GET/SET round trip on the same connection and Redis. One thread, sequential calls, the
 * way an Openfire thread routes one stanza. The users cache has a keys-only listener registered, as
 * in Openfire, so {@code put} includes emitting its entry event. Prints p50/p99 in microseconds and the ratio to the raw
 * GET p50, and the Redis memory per cached ClientRoute-like entry.
 *
 * <p>Run: {@code scripts/bench.sh CacheBenchmark [samples per round, default 5000]}
 */
public final class CacheBenchmark {
    private static final int ROUNDS = 4;

    private interface Op {
        void run(int i);
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        String clusterName = "bench-cache-" + UUID.randomUUID().toString().substring(0, 8);
        KeySpace space = new KeySpace(clusterName);
        RedisSettings settings = RedisSettings.standalone("127.0.0.1", 6379);
        RedisConnector redis = RedisConnector.connect(settings, "ofc-bench-cache");
        RedisConnector redisB = RedisConnector.connect(settings, "ofc-bench-cache-b");
        ClusteredCaches node = new ClusteredCaches(redis, space, CacheNodes.codec(), "node-a",
                CacheSettings.defaults().withNearCaches(Set.of("Near Routing Users Cache")));
        // A second node on its own connection: it owns the other users' locks, as the recipient's node does.
        ClusteredCaches other = new ClusteredCaches(redisB, space, CacheNodes.codec(), "node-b", CacheSettings.defaults());
        node.useEntryGuards(new RoutingEntryGuards());
        other.useEntryGuards(new RoutingEntryGuards());
        node.locks().useSingleReadSites(new SingleReadSites(Set.of(CacheBenchmark.class.getName() + "#lockGetUnlockOnce")));
        try {
            ClusteredMap<String, RouteValue> users = node.open("Routing Users Cache", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> sessions = node.open("Routing User Sessions", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> near = node.open("Near Routing Users Cache", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> usersB = other.open("Routing Users Cache", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> sessionsB = other.open("Routing User Sessions", CacheLimits.NONE);
            // As Openfire core does: every write of the users cache emits a keys-only event.
            users.addListener(new CountingListener(), false, false);
            RouteValue route = new RouteValue(node.localNodeId(), true);
            byte[] rawKey = space.keyBytes("bench", "raw");
            byte[] rawValue = users.getClass().getName().getBytes(StandardCharsets.UTF_8); // any ~50-byte value
            redis.sync().set(rawKey, rawValue);
            users.put("alice@example.org/phone", route);
            usersB.put("bob@example.org/phone", new RouteValue("node-b", true));
            near.put("alice@example.org/phone", route);
            lockGetUnlock(sessionsB, usersB, "bob@example.org").run(0); // node b owns bob's lock from now on

            Map<String, Op> ops = new java.util.LinkedHashMap<>();
            ops.put("raw Lettuce GET", i -> redis.sync().get(rawKey));
            ops.put("raw Lettuce SET", i -> redis.sync().set(rawKey, rawValue));
            ops.put("cache get", i -> users.get("alice@example.org/phone"));
            ops.put("cache put", i -> users.put("alice@example.org/phone", route));
            ops.put("lock+get+unlock, lock owned here", lockGetUnlock(sessions, users, "alice@example.org"));
            ops.put("lock+get+unlock, owned by another node", i -> lockGetUnlockOnce(sessions, users, "bob@example.org"));
            ops.put("lock+unlock, a free lock", i -> freshLock(sessions, i));
            ops.put("near-cache hit", i -> near.get("alice@example.org/phone"));

            Map<String, long[]> results = new java.util.LinkedHashMap<>();
            ops.keySet().forEach(k -> results.put(k, new long[ROUNDS * samples]));
            for (Map.Entry<String, Op> e : ops.entrySet()) { // warm-up
                for (int i = 0; i < samples; i++) {
                    e.getValue().run(-1 - i);
                }
            }
            for (int round = 0; round < ROUNDS; round++) { // interleaved rounds: drift hits every figure alike
                for (Map.Entry<String, Op> e : ops.entrySet()) {
                    long[] out = results.get(e.getKey());
                    for (int i = 0; i < samples; i++) {
                        long t0 = System.nanoTime();
                        e.getValue().run(round * samples + i);
                        out[round * samples + i] = System.nanoTime() - t0;
                    }
                }
            }
            long[] handOvers = handOverRoundTrips(sessions, sessionsB, Math.min(samples, 2000));

            double rawGetP50 = percentile(results.get("raw Lettuce GET"), 50);
            System.out.printf("Clustered cache benchmark: Redis 127.0.0.1:6379 standalone, %d samples per figure, one thread%n",
                    ROUNDS * samples);
            System.out.printf("%-40s %10s %10s %14s %s%n", "figure", "p50 us", "p99 us", "p50/raw GET", "target");
            results.put("lock moved to the other node and back", handOvers);
            for (Map.Entry<String, long[]> e : results.entrySet()) {
                double p50 = percentile(e.getValue(), 50);
                double p99 = percentile(e.getValue(), 99);
                System.out.printf("%-40s %10.1f %10.1f %13.2fx %s%n", e.getKey(), p50 / 1000, p99 / 1000, p50 / rawGetP50, target(e.getKey(), p50, rawGetP50));
            }
            contention(sessions, sessionsB, List.of(node.locks(), other.locks()), Duration.ofMillis(0));
            contention(sessions, sessionsB, List.of(node.locks(), other.locks()), LockSettings.defaults().handoverQuantum());

            int entries = 10_000;
            ClusteredMap<String, RouteValue> memory = node.open("Memory Routing Users Cache", CacheLimits.NONE);
            Map<String, RouteValue> batch = new java.util.HashMap<>();
            for (int i = 0; i < entries; i++) {
                batch.put("user" + i + "@example.org/" + UUID.randomUUID().toString().substring(0, 8), route);
                if (batch.size() == 500) {
                    memory.putAll(batch);
                    batch.clear();
                }
            }
            memory.putAll(batch);
            byte[] hashKey = space.keyBytes("cache:Memory Routing Users Cache", "h");
            Long bytes = redis.sync().dispatch(CommandType.MEMORY, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                    new CommandArgs<>(ByteArrayCodec.INSTANCE).add("USAGE").addKey(hashKey).add("SAMPLES").add(0));
            System.out.printf("memory per ClientRoute-like entry (key 'userN@example.org/xxxxxxxx', value {node id, boolean}): "
                    + "%d bytes (MEMORY USAGE of the %d-entry hash / %d; encoded value %d bytes)%n",
                    bytes / entries, entries, entries, CacheNodes.codec().encode(route).length);
        } finally {
            other.close();
            node.close();
            CacheNodes.deleteKeys(redis, space);
            redisB.close();
            redis.close();
        }
    }

    /** What Openfire does to route a stanza to a full JID. */
    private static Op lockGetUnlock(ClusteredMap<String, RouteValue> sessions, ClusteredMap<String, RouteValue> users, String bare) {
        return i -> {
            Lock lock = sessions.getLock(bare);
            lock.lock();
            try {
                users.get(bare + "/phone");
            } finally {
                lock.unlock();
            }
        };
    }

    /** The same section at a call site listed as a single read (Openfire's route lookup). */
    private static void lockGetUnlockOnce(ClusteredMap<String, RouteValue> sessions, ClusteredMap<String, RouteValue> users, String bare) {
        Lock lock = sessions.getLock(bare);
        lock.lock();
        try {
            users.get(bare + "/phone");
        } finally {
            lock.unlock();
        }
    }

    /** The first lock of a name nobody owned: one acquisition round trip. */
    private static void freshLock(ClusteredMap<String, RouteValue> sessions, int i) {
        Lock lock = sessions.getLock("fresh-" + i + "@example.org");
        lock.lock();
        lock.unlock();
    }

    /** Node b takes a lock node a owns, then node a takes it back: two hand-overs per sample. */
    private static long[] handOverRoundTrips(ClusteredMap<String, RouteValue> a, ClusteredMap<String, RouteValue> b, int samples) {
        long[] out = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            for (ClusteredMap<String, RouteValue> side : List.of(b, a)) {
                Lock lock = side.getLock("carol@example.org");
                lock.lock();
                lock.unlock();
            }
            out[i] = System.nanoTime() - t0;
        }
        return out;
    }

    /**
     * The anti-ping-pong policy measured: two threads on each node run sections on one lock for a
     * second; prints sections per second and hand-overs with the given quantum.
     */
    private static void contention(ClusteredMap<String, RouteValue> a, ClusteredMap<String, RouteValue> b,
                                   List<ClusterLocks> nodes, Duration quantum) throws InterruptedException {
        long handOversBefore = 0;
        for (ClusterLocks locks : nodes) {
            locks.useSettings(LockSettings.defaults().withHandoverQuantum(quantum));
            handOversBefore += locks.counters().snapshot().handOvers();
        }
        java.util.concurrent.atomic.AtomicLong sections = new java.util.concurrent.atomic.AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (ClusteredMap<String, RouteValue> side : List.of(a, a, b, b)) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    Lock lock = side.getLock("contended@example.org");
                    lock.lock();
                    try {
                        sections.incrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        long handOvers = -handOversBefore;
        for (ClusterLocks locks : nodes) {
            handOvers += locks.counters().snapshot().handOvers();
        }
        System.out.printf("contended lock, 2 threads on each of 2 nodes, hand-over quantum %d ms: %d sections/s, %d hand-overs/s%n",
                quantum.toMillis(), sections.get(), handOvers);
    }

    /** Receives the users cache's events, as Openfire's routing table does. */
    private static final class CountingListener implements CacheEntryListener<String, RouteValue> {
        private final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void entryAdded(String key, RouteValue newValue, String origin) {
            events.incrementAndGet();
        }

        @Override
        public void entryUpdated(String key, RouteValue oldValue, RouteValue newValue, String origin) {
            events.incrementAndGet();
        }

        @Override
        public void entryRemoved(String key, RouteValue oldValue, String origin) {
            events.incrementAndGet();
        }

        @Override
        public void entryEvicted(String key, RouteValue oldValue, String origin) {
            events.incrementAndGet();
        }

        @Override
        public void mapCleared(String origin) {
            events.incrementAndGet();
        }
    }

    private static String target(String figure, double p50, double rawGetP50) {
        return switch (figure) {
            case "cache get" -> (p50 <= 1.3 * rawGetP50 ? "met" : "MISSED") + " (<= 1.3x raw GET)";
            case "lock+get+unlock, lock owned here" -> (p50 <= 20_000 ? "met" : "MISSED") + " (<= 20 us: no round trip)";
            case "lock+get+unlock, owned by another node" -> (p50 <= 1.3 * rawGetP50 ? "met" : "MISSED") + " (<= 1.3x raw GET: one round trip)";
            case "near-cache hit" -> (p50 <= 5_000 ? "met" : "MISSED") + " (<= 5 us)";
            default -> "";
        };
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
