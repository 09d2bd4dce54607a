package org.ofclustering.membership;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The node registry in Redis: the three Lua scripts (join, renew, leave) and their key layout,
 * all under one hash tag {@code ofc:{<cluster>:membership}} so that each script touches one slot
 * in Redis Cluster.
 * <ul>
 *   <li>{@code :seq} join-order counter (the fencing token source), {@code :epoch} membership epoch</li>
 *   <li>{@code :members} sorted set node id → join order; {@code :info} hash node id → entry text</li>
 *   <li>{@code :lease:<node id>} the lease: value = join order, TTL = lease length (Redis server time)</li>
 *   <li>{@code :departed:<join order>} why that incarnation left ({@code left}, {@code crashed},
 *       {@code fenced}), kept for {@link #DEPARTED_TTL_MS}</li>
 *   <li>channel {@code :changes}: the new epoch, published on every change</li>
 * </ul>
 * Calls are asynchronous so that the heartbeat thread never blocks on Redis.
 */
final class LeaseRegistry {
    static final String STRUCTURE = KeySpace.MEMBERSHIP;
    /** How long departure reasons are kept; longer than any observer can lag behind without being fenced. */
    static final long DEPARTED_TTL_MS = 300_000;

    private final RedisConnector redis;
    private final String nodeId;
    private final byte[] seqKey;
    private final byte[] epochKey;
    private final byte[] membersKey;
    private final byte[] infoKey;
    private final byte[] leaseKey;
    private final String leasePrefix;
    private final String departedPrefix;
    private final String channel;
    private final Script join = Script.load("join.lua");
    private final Script renew = Script.load("renew.lua");
    private final Script leave = Script.load("leave.lua");

    LeaseRegistry(RedisConnector redis, KeySpace keys, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.seqKey = keys.keyBytes(STRUCTURE, "seq");
        this.epochKey = keys.keyBytes(STRUCTURE, "epoch");
        this.membersKey = keys.keyBytes(STRUCTURE, "members");
        this.infoKey = keys.keyBytes(STRUCTURE, "info");
        this.leasePrefix = keys.key(STRUCTURE, "lease:");
        this.leaseKey = utf8(leasePrefix + nodeId);
        this.departedPrefix = keys.key(STRUCTURE, "departed:");
        this.channel = keys.key(STRUCTURE, "changes");
    }

    /** Name of this node's lease key (its value is the current fencing token while the lease lives). */
    String leaseKeyName() {
        return leasePrefix + nodeId;
    }

    /** The Pub/Sub channel on which every membership change is announced. */
    String channel() {
        return channel;
    }

    /** Result of a join: the new incarnation's token, the Redis time and epoch, and every entry. */
    record Joined(long token, long redisTimeMs, long epoch, Map<String, String> entries) {
    }

    /** Result of a renewal; {@code entries}/{@code reasons} are null when the epoch did not move. */
    record Renewal(boolean renewed, long epoch, long redisTimeMs, Map<String, Long> leaseRemainingMs,
                   Map<String, String> entries, Map<Long, String> reasons) {
    }

    /**
     * Joins with a new lease. {@code announcement} must contain {@code instanceMarker}, the line
     * that identifies this process: a live lease whose entry carries it is this process's own and
     * is replaced; any other live lease for the node id fails with {@link NodeIdInUseException}.
     */
    CompletableFuture<Joined> join(String announcement, String instanceMarker, long leaseMs, long tokenFloor, long epochFloor) {
        byte[][] keys = {seqKey, epochKey, membersKey, infoKey, leaseKey};
        return run(join, keys, nodeId, Long.toString(leaseMs), announcement, instanceMarker,
                Long.toString(tokenFloor), Long.toString(epochFloor), leasePrefix, departedPrefix,
                Long.toString(DEPARTED_TTL_MS), channel).thenApply(r -> {
            if (asLong(r.get(0)) == 0) {
                throw new CompletionException(new NodeIdInUseException(nodeId, asString(r.get(1))));
            }
            return new Joined(asLong(r.get(1)), asLong(r.get(2)), asLong(r.get(3)), pairs(r.get(4)));
        });
    }

    CompletableFuture<Renewal> renew(long token, long leaseMs, long knownEpoch, Collection<Long> knownOrders) {
        byte[][] keys = {epochKey, membersKey, infoKey, leaseKey};
        List<String> args = new ArrayList<>(List.of(nodeId, Long.toString(token), Long.toString(leaseMs),
                Long.toString(knownEpoch), leasePrefix, departedPrefix, Long.toString(DEPARTED_TTL_MS), channel));
        List<Long> orders = List.copyOf(knownOrders);
        orders.forEach(o -> args.add(Long.toString(o)));
        return run(renew, keys, args.toArray(String[]::new)).thenApply(r -> {
            Map<String, Long> remaining = new HashMap<>();
            pairs(r.get(3)).forEach((node, pttl) -> remaining.put(node, Long.parseLong(pttl)));
            Map<String, String> entries = r.get(4) == null ? null : pairs(r.get(4));
            Map<Long, String> reasons = null;
            if (r.get(5) != null) {
                reasons = new HashMap<>();
                List<?> list = (List<?>) r.get(5);
                for (int i = 0; i < list.size() && i < orders.size(); i++) {
                    reasons.put(orders.get(i), asString(list.get(i)));
                }
            }
            return new Renewal(asLong(r.get(0)) == 1, asLong(r.get(1)), asLong(r.get(2)), remaining, entries, reasons);
        });
    }

    /** Removes the lease of that incarnation; true when it was still there. */
    CompletableFuture<Boolean> leave(long token, String reason) {
        byte[][] keys = {epochKey, membersKey, infoKey, leaseKey};
        return run(leave, keys, nodeId, Long.toString(token), departedPrefix, Long.toString(DEPARTED_TTL_MS),
                reason, channel).thenApply(r -> asLong(r.get(0)) == 1);
    }

    /** Runs a script by its digest, loading it with EVAL when Redis does not know it (e.g. after a restart). */
    private CompletableFuture<List<Object>> run(Script script, byte[][] keys, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = utf8(args[i]);
        }
        RedisClusterAsyncCommands<byte[], byte[]> async = redis.async();
        CompletionStage<Object> first = async.evalsha(script.sha, ScriptOutputType.MULTI, keys, values);
        return first.toCompletableFuture().exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return async.<Object>eval(script.body, ScriptOutputType.MULTI, keys, values).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        }).thenApply(LeaseRegistry::asList);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalStateException("membership script returned " + o + " instead of a list");
    }

    private static Map<String, String> pairs(Object o) {
        Map<String, String> map = new HashMap<>();
        if (o instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                map.put(asString(list.get(i)), asString(list.get(i + 1)));
            }
        }
        return map;
    }

    private static long asLong(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(asString(o));
    }

    private static String asString(Object o) {
        if (o == null) {
            return "";
        }
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A Lua script read from the class path with its SHA-1 digest. */
    private record Script(String body, String sha) {
        static Script load(String name) {
            try (InputStream in = LeaseRegistry.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("script " + name + " missing from the plugin");
                }
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
                return new Script(body, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 unavailable", e);
            }
        }
    }
}
