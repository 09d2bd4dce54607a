package org.ofclustering.membership;

import io.lettuce.core.ScriptOutputType;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The node registry in Redis: the Lua scripts (join, renew, leave, evict) and their key layout,
 * all under one hash tag {@code ofc:{<cluster>:membership}} so that each script touches one slot
 * in Redis Cluster.
 * <ul>
 *   <li>{@code :seq} join-order counter (the fencing token source), {@code :epoch} membership epoch</li>
 *   <li>{@code :members} sorted set node id → join order; {@code :info} hash node id → entry text</li>
 *   <li>{@code :lease:<node id>} the lease: value = join order, TTL = lease length (Redis server time)</li>
 *   <li>{@code :departed:<join order>} why that incarnation left ({@code left}, {@code crashed},
 *       {@code fenced}), kept for {@link #DEPARTED_TTL_MS}</li>
 *   <li>channel {@code :changes}: the new epoch, published on every change</li>
 *   <li>channel {@code :alive:<join order>}: each member listens on its own, so that the number
 *       of its subscribers drops to zero the moment its Redis connection closes;
 *       {@code :armed} hash node id → {@code <Redis run id>:<join order>} records that the member
 *       was seen listening on this Redis process (see {@code evict.lua})</li>
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
    private final byte[] armedKey;
    private final String alivePrefix;
    private final LuaScript join = LuaScript.resource(LeaseRegistry.class, "join.lua");
    private final LuaScript renew = LuaScript.resource(LeaseRegistry.class, "renew.lua");
    private final LuaScript leave = LuaScript.resource(LeaseRegistry.class, "leave.lua");
    private final LuaScript evict = LuaScript.resource(LeaseRegistry.class, "evict.lua");

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
        this.armedKey = keys.keyBytes(STRUCTURE, "armed");
        this.alivePrefix = keys.key(STRUCTURE, "alive:");
    }

    /** The channel the member with this join order listens on while its connection lives. */
    String aliveChannel(long token) {
        return alivePrefix + token;
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
                   Map<String, String> entries, Map<Long, String> reasons, WatchMark watch) {
    }

    /** This member's standing in the connection watch after a renewal. */
    enum WatchMark {
        /** Marked: closing its connection ends its lease. */
        ARMED,
        /** Not (yet) listening on its alive channel, or not taking part. */
        UNARMED,
        /** Redis refused {@code INFO} to the script (ACL user without it): the watch cannot run. */
        INFO_REFUSED
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

    /**
     * Renews this incarnation's lease and declares expired members dead.
     *
     * @param watched whether this node takes part in the connection watch (it arms its mark once it
     *                listens on its alive channel)
     */
    CompletableFuture<Renewal> renew(long token, long leaseMs, long knownEpoch, Collection<Long> knownOrders, boolean watched) {
        byte[][] keys = {epochKey, membersKey, infoKey, leaseKey, armedKey};
        List<String> args = new ArrayList<>(List.of(nodeId, Long.toString(token), Long.toString(leaseMs),
                Long.toString(knownEpoch), leasePrefix, departedPrefix, Long.toString(DEPARTED_TTL_MS), channel,
                watched ? alivePrefix : ""));
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
            long watch = r.size() > 6 ? asLong(r.get(6)) : 0;
            WatchMark mark = watch > 0 ? WatchMark.ARMED : watch < 0 ? WatchMark.INFO_REFUSED : WatchMark.UNARMED;
            return new Renewal(asLong(r.get(0)) == 1, asLong(r.get(1)), asLong(r.get(2)), remaining, entries, reasons, mark);
        });
    }

    /** Removes the lease of that incarnation; true when it was still there. */
    CompletableFuture<Boolean> leave(long token, String reason) {
        byte[][] keys = {epochKey, membersKey, infoKey, leaseKey, armedKey};
        return run(leave, keys, nodeId, Long.toString(token), departedPrefix, Long.toString(DEPARTED_TTL_MS),
                reason, channel).thenApply(r -> asLong(r.get(0)) == 1);
    }

    /** What one run of the connection watch found. */
    record Eviction(boolean ownLeaseCurrent, List<String> evicted) {
    }

    /** Ends the lease of every armed member whose alive channel has no subscriber (see {@code evict.lua}). */
    CompletableFuture<Eviction> evictDisconnected(long token) {
        byte[][] keys = {epochKey, membersKey, infoKey, leaseKey, armedKey};
        return run(evict, keys, nodeId, Long.toString(token), leasePrefix, alivePrefix, departedPrefix,
                Long.toString(DEPARTED_TTL_MS), channel).thenApply(r -> {
            long n = asLong(r.get(0));
            List<String> nodes = new ArrayList<>();
            for (int i = 1; i < r.size(); i++) {
                nodes.add(asString(r.get(i)));
            }
            return new Eviction(n >= 0, nodes);
        });
    }

    private CompletableFuture<List<Object>> run(LuaScript script, byte[][] keys, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = utf8(args[i]);
        }
        return script.<Object>run(redis.async(), ScriptOutputType.MULTI, keys, values).thenApply(LeaseRegistry::asList);
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
}
