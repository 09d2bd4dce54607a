package org.ofclustering.cache;

import io.lettuce.core.ScriptOutputType;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where every node publishes the figures of its caches so that the admin pages of any node can show
 * all of them: a hash per node {@code ofc:{<cluster>:stats}:node:<id>} (cache name → figures, expiring
 * after {@link CacheSettings#statsTtl()} unless republished) and the set {@code ...:nodes} of
 * publishers. A node that stops publishing disappears once its hash expires.
 */
final class CacheStatsBoard {
    private static final Logger Log = LoggerFactory.getLogger(CacheStatsBoard.class);
    private static final String STRUCTURE = "stats";
    private static final LuaScript REPLACE = new LuaScript(String.join("\n",
            "redis.call('DEL', KEYS[1])",
            "for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[1])",
            "redis.call('SADD', KEYS[2], ARGV[2])",
            "return 1"));

    private final RedisConnector redis;
    private final KeySpace space;
    private final String localNodeId;
    private final Duration ttl;

    CacheStatsBoard(RedisConnector redis, KeySpace space, String localNodeId, Duration ttl) {
        this.redis = redis;
        this.space = space;
        this.localNodeId = localNodeId;
        this.ttl = ttl;
    }

    void publish(Collection<CacheFigures> figures) {
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(Long.toString(ttl.toMillis())));
        args.add(bytes(localNodeId));
        for (CacheFigures f : figures) {
            args.add(bytes(f.cacheName()));
            args.add(bytes(f.encode()));
        }
        LuaScript.await(REPLACE.run(redis.async(), ScriptOutputType.INTEGER,
                new byte[][]{nodeKey(localNodeId), space.keyBytes(STRUCTURE, "nodes")}, args.toArray(new byte[0][])));
    }

    /** Node id → figures of its caches, sorted by cache name, for every node that published recently. */
    Map<String, List<CacheFigures>> readAll() {
        Map<String, List<CacheFigures>> result = new TreeMap<>();
        byte[] nodesKey = space.keyBytes(STRUCTURE, "nodes");
        Set<byte[]> nodes = LuaScript.await(redis.async().smembers(nodesKey).toCompletableFuture());
        for (byte[] node : nodes) {
            String nodeId = new String(node, StandardCharsets.UTF_8);
            List<CacheFigures> figures = read(nodeId);
            if (figures.isEmpty()) {
                redis.async().srem(nodesKey, node); // its hash expired: the node stopped publishing
            } else {
                result.put(nodeId, figures);
            }
        }
        return result;
    }

    List<CacheFigures> read(String nodeId) {
        Map<byte[], byte[]> raw = LuaScript.await(redis.async().hgetall(nodeKey(nodeId)).toCompletableFuture());
        TreeMap<String, CacheFigures> sorted = new TreeMap<>();
        for (Map.Entry<byte[], byte[]> e : raw.entrySet()) {
            String name = new String(e.getKey(), StandardCharsets.UTF_8);
            try {
                sorted.put(name, CacheFigures.decode(name, new String(e.getValue(), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException ex) {
                Log.warn("Ignoring unreadable cache figures of node {}: {}", nodeId, ex.getMessage());
            }
        }
        return new ArrayList<>(sorted.values());
    }

    private byte[] nodeKey(String nodeId) {
        return space.keyBytes(STRUCTURE, "node:" + nodeId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
