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
import org.ofclustering.lock.LockSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
        ClusteredCaches node = new ClusteredCaches(redis, space, CacheNodes.codec(), UUID.randomUUID().toString(),
                CacheSettings.defaults().withNearCaches(Set.of("Near Routing Users Cache")));
        // The same node with blocking lock acquisition, for comparison.
        ClusteredCaches blockingNode = new ClusteredCaches(redis, space, CacheNodes.codec(), node.localNodeId(),
                CacheSettings.defaults().withLocks(LockSettings.defaults().withPipelinedAcquire(false)));
        try {
            ClusteredMap<String, RouteValue> users = node.open("Routing Users Cache", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> sessions = node.open("Routing User Sessions", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> near = node.open("Near Routing Users Cache", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> usersBlocking = blockingNode.open("Routing Users Cache", CacheLimits.NONE);
            ClusteredMap<String, RouteValue> sessionsBlocking = blockingNode.open("Routing User Sessions", CacheLimits.NONE);
            // As Openfire core does: every write of the users cache emits a keys-only event.
            users.addListener(new CountingListener(), false, false);
            RouteValue route = new RouteValue(node.localNodeId(), true);
            byte[] rawKey = space.keyBytes("bench", "raw");
            byte[] rawValue = users.getClass().getName().getBytes(StandardCharsets.UTF_8); // any ~50-byte value
            redis.sync().set(rawKey, rawValue);
            users.put("alice@example.org/phone", route);
            near.put("alice@example.org/phone", route);

            Map<String, Op> ops = new java.util.LinkedHashMap<>();
            ops.put("raw Lettuce GET", i -> redis.sync().get(rawKey));
            ops.put("raw Lettuce SET", i -> redis.sync().set(rawKey, rawValue));
            ops.put("cache get", i -> users.get("alice@example.org/phone"));
            ops.put("cache put", i -> users.put("alice@example.org/phone", route));
            ops.put("lock+get+unlock", lockGetUnlock(sessions, users));
            ops.put("lock+get+unlock, blocking acquire", lockGetUnlock(sessionsBlocking, usersBlocking));
            ops.put("near-cache hit", i -> near.get("alice@example.org/phone"));

            Map<String, long[]> results = new java.util.LinkedHashMap<>();
            ops.keySet().forEach(k -> results.put(k, new long[ROUNDS * samples]));
            for (Map.Entry<String, Op> e : ops.entrySet()) { // warm-up
                for (int i = 0; i < samples; i++) {
                    e.getValue().run(i);
                }
            }
            for (int round = 0; round < ROUNDS; round++) { // interleaved rounds: drift hits every figure alike
                for (Map.Entry<String, Op> e : ops.entrySet()) {
                    long[] out = results.get(e.getKey());
                    for (int i = 0; i < samples; i++) {
                        long t0 = System.nanoTime();
                        e.getValue().run(i);
                        out[round * samples + i] = System.nanoTime() - t0;
                    }
                }
            }

            double rawGetP50 = percentile(results.get("raw Lettuce GET"), 50);
            System.out.printf("Clustered cache benchmark: Redis 127.0.0.1:6379 standalone, %d samples per figure, one thread%n",
                    ROUNDS * samples);
            System.out.printf("%-34s %10s %10s %14s %s%n", "figure", "p50 us", "p99 us", "p50/raw GET", "target");
            for (Map.Entry<String, long[]> e : results.entrySet()) {
                double p50 = percentile(e.getValue(), 50);
                double p99 = percentile(e.getValue(), 99);
                System.out.printf("%-34s %10.1f %10.1f %13.2fx %s%n", e.getKey(), p50 / 1000, p99 / 1000, p50 / rawGetP50, target(e.getKey(), p50, rawGetP50));
            }

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
            blockingNode.close();
            node.close();
            CacheNodes.deleteKeys(redis, space);
            redis.close();
        }
    }

    /** What Openfire does to route a stanza to a full JID. */
    private static Op lockGetUnlock(ClusteredMap<String, RouteValue> sessions, ClusteredMap<String, RouteValue> users) {
        return i -> {
            Lock lock = sessions.getLock("alice@example.org");
            lock.lock();
            try {
                users.get("alice@example.org/phone");
            } finally {
                lock.unlock();
            }
        };
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
            case "lock+get+unlock" -> (p50 <= 2.0 * rawGetP50 ? "met" : "MISSED") + " (<= 2.0x raw GET)";
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
