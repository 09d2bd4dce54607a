package org.ofclustering.database;

import io.lettuce.core.ScriptOutputType;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The Redis side of the shared-database check: the cluster's database identity
 * ({@code ofc:{<cluster>:database}:identity}, no expiry) and, beside it, when it was recorded
 * ({@code :identityRecordedAt}, shown in refusals; absent when an older version recorded the
 * identity). Both keys share one hash tag, so each script below touches one Redis Cluster slot.
 */
final class ClusterIdentityKey {
    private static final String STRUCTURE = "database";
    /** Stores the identity unless one is there; returns 1 when stored. */
    private static final LuaScript PUBLISH = new LuaScript(
            "if redis.call('SET', KEYS[1], ARGV[1], 'NX') then redis.call('SET', KEYS[2], ARGV[2]) return 1 end return 0");
    /** Replaces the identity only while it is the expected one; returns {1} when replaced, else {0, held or nothing}. */
    private static final LuaScript REPLACE = new LuaScript(
            "local v = redis.call('GET', KEYS[1]) "
                    + "if v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) redis.call('SET', KEYS[2], ARGV[3]) return {1} end "
                    + "return {0, v}");

    /** The identity Redis holds, and when it was recorded (ISO-8601 text), or null when unknown. */
    record Held(String identity, String recordedAt) {
    }

    private final RedisConnector redis;
    private final KeySpace keys;

    ClusterIdentityKey(RedisConnector redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Name of the identity key, as an administrator types it into redis-cli. */
    String name() {
        return keys.key(STRUCTURE, "identity");
    }

    String recordedAtName() {
        return keys.key(STRUCTURE, "identityRecordedAt");
    }

    /** The held identity, or null when Redis holds none. */
    Held read() {
        List<byte[]> values = redis.sync().mget(bytes(name()), bytes(recordedAtName())).stream()
                .map(kv -> kv.getValueOrElse(null)).toList();
        return values.get(0) == null ? null : new Held(text(values.get(0)), values.get(1) == null ? null : text(values.get(1)));
    }

    /** Stores the identity when Redis holds none; true when this call stored it. */
    boolean publish(String identity) {
        Long stored = LuaScript.await(PUBLISH.run(redis.async(), ScriptOutputType.INTEGER, keyPair(),
                bytes(identity), bytes(Instant.now().toString())));
        return stored != null && stored == 1L;
    }

    /**
     * The outcome of a replacement.
     *
     * @param replaced true when this call replaced the identity
     * @param held     the identity Redis holds afterwards, or null when none
     */
    record Replacement(boolean replaced, String held) {
    }

    /** Replaces {@code expected} by {@code replacement}, unless Redis holds another identity by now. */
    Replacement replace(String expected, String replacement) {
        List<Object> reply = LuaScript.await(REPLACE.run(redis.async(), ScriptOutputType.MULTI, keyPair(),
                bytes(expected), bytes(replacement), bytes(Instant.now().toString())));
        if (((Number) reply.get(0)).longValue() == 1) {
            return new Replacement(true, replacement);
        }
        Object held = reply.size() > 1 ? reply.get(1) : null;
        return new Replacement(false, held instanceof byte[] b ? text(b) : null);
    }

    private byte[][] keyPair() {
        return new byte[][] {bytes(name()), bytes(recordedAtName())};
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
