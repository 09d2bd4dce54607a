package org.ofclustering.bridge;

import io.lettuce.core.ScriptOutputType;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster-wide record of which node holds which leg of a transfer: one Redis hash per digest,
 * {@code ofc:{<cluster>:bridge}:claim:<digest>} with fields {@code owner}/{@code ownerLeg} (the node
 * holding the first leg and that leg's random token) and {@code second}/{@code secondLeg}, and an
 * expiry. Registering a leg is one atomic script: the first leg becomes the owner, the second learns
 * the owner, a third is refused.
 */
final class TransferClaims {
    private static final Logger Log = LoggerFactory.getLogger(TransferClaims.class);

    /** What registering a leg found. {@code owner} is the node holding the first leg (for SECOND). */
    record Claim(Kind kind, String owner) {
    }

    enum Kind { FIRST, SECOND, TAKEN }

    private static final String CLAIM = """
            local owner = redis.call('HGET', KEYS[1], 'owner')
            if not owner then
              redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'ownerLeg', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return {'first'}
            end
            if redis.call('HEXISTS', KEYS[1], 'second') == 1 then
              return {'taken'}
            end
            redis.call('HSET', KEYS[1], 'second', ARGV[1], 'secondLeg', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return {'second', owner}
            """;

    private static final String RELEASE = """
            local legs = redis.call('HMGET', KEYS[1], 'ownerLeg', 'secondLeg')
            if legs[1] == ARGV[1] or legs[2] == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedisConnector redis;
    private final KeySpace keys;
    private final long ttlMillis;
    private final Set<CompletableFuture<?>> pendingReleases = ConcurrentHashMap.newKeySet();

    TransferClaims(RedisConnector redis, KeySpace keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttlMillis = ttl.toMillis();
    }

    byte[] key(String digest) {
        return keys.keyBytes("bridge", "claim:" + digest);
    }

    /** Registers a leg held by {@code nodeId}; {@code legToken} identifies it for {@link #release}. */
    Claim claim(String digest, String nodeId, String legToken) {
        List<Object> result = redis.sync().eval(CLAIM, ScriptOutputType.MULTI, new byte[][]{key(digest)},
                bytes(nodeId), bytes(legToken), bytes(Long.toString(ttlMillis)));
        String kind = text(result.get(0));
        return switch (kind) {
            case "first" -> new Claim(Kind.FIRST, nodeId);
            case "second" -> new Claim(Kind.SECOND, text(result.get(1)));
            default -> new Claim(Kind.TAKEN, null);
        };
    }

    /** The node holding the first leg, or null when no leg of this transfer is registered. */
    String owner(String digest) {
        byte[] owner = redis.sync().hget(key(digest), bytes("owner"));
        return owner == null ? null : text(owner);
    }

    /** Deletes the claim if the given leg is part of it; asynchronous, failures are logged (the key expires anyway). */
    void release(String digest, String legToken) {
        CompletableFuture<Object> release = redis.async()
                .eval(RELEASE, ScriptOutputType.INTEGER, new byte[][]{key(digest)}, bytes(legToken))
                .toCompletableFuture();
        pendingReleases.add(release);
        release.whenComplete((r, e) -> {
            pendingReleases.remove(release);
            if (e != null) {
                Log.warn("Could not release transfer claim {} (it expires by itself): {}", digest, e.toString());
            }
        });
    }

    /** Waits (bounded) for releases still in flight, so that none is cut off when the node stops. */
    void awaitReleases(Duration timeout) {
        try {
            CompletableFuture.allOf(pendingReleases.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Log.debug("A claim release failed (logged separately): {}", e.toString());
        } catch (TimeoutException e) {
            Log.warn("{} transfer claim releases still pending; those claims expire by themselves", pendingReleases.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }
}
