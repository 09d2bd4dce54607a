package org.ofclustering.membership;

import org.ofclustering.testsupport.ScratchRedisSentinel;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sentinels that require a password ({@code requirepass}): nodes reach them with
 * {@code clustering.redis.sentinelPassword}, and without it (or with a wrong one) connecting fails
 * with a message that names the sentinels and says what to set.
 */
class RedisSentinelAuthIT {
    private static final String SENTINEL_PASSWORD = "sentinel-only-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static ScratchRedisSentinel redis;

    private final String cluster = "it-sentinel-auth-" + UUID.randomUUID().toString().substring(0, 8);
    private final KeySpace keys = new KeySpace(cluster);

    @BeforeAll
    static void startSentinelsWithAPassword() throws Exception {
        redis = new ScratchRedisSentinel(SENTINEL_PASSWORD);
    }

    @AfterAll
    static void stopSentinels() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void nodesJoinAndShareACacheThroughPasswordProtectedSentinels() throws Exception {
        RedisSettings settings = redis.settings(0, TIMEOUT);
        try (SentinelModeNode a = node("a", settings); SentinelModeNode b = node("b", settings)) {
            a.membership.start();
            b.membership.start();
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!(a.sees("a", "b") && b.sees("a", "b")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(a.sees("a", "b") && b.sees("a", "b"), "both nodes see both as members within " + BOUND);
            a.sessions().put("alice@example.org", "xmpp-a.example.org");
            assertEquals("xmpp-a.example.org", b.sessions().get("alice@example.org"));
        }
    }

    @Test
    void withoutTheSentinelPasswordConnectingFailsSayingTheSentinelsRequireOne() {
        String message = connectFailure(redis.settings(0, TIMEOUT).withSentinelPassword(null));
        assertTrue(message.startsWith("Authentication to the Redis sentinels " + sentinelAddresses() + " failed: "), message);
        assertTrue(message.contains("they require a password and clustering.redis.sentinelPassword is not set"), message);
        assertTrue(message.contains("NOAUTH"), message);
    }

    @Test
    void aWrongSentinelPasswordIsReportedAsRefusedWithoutShowingIt() {
        String message = connectFailure(redis.settings(0, TIMEOUT).withSentinelPassword(Secret.ofNullable("not-the-password")));
        assertTrue(message.startsWith("Authentication to the Redis sentinels " + sentinelAddresses() + " failed: "), message);
        assertTrue(message.contains("they refused the password in clustering.redis.sentinelPassword"), message);
        assertFalse(message.contains("not-the-password"), message);
    }

    /** What a node that cannot connect reports: the message of the failure RedisConnector throws. */
    private String connectFailure(RedisSettings settings) {
        long start = System.nanoTime();
        RedisException e = assertThrows(RedisException.class,
                () -> RedisConnector.connect(settings, "ofc-" + cluster + "-a").close());
        assertTrue(System.nanoTime() - start < BOUND.toNanos(), "the refusal is reported within " + BOUND);
        return e.getMessage();
    }

    private static String sentinelAddresses() {
        return redis.sentinelPorts().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(", "));
    }

    private SentinelModeNode node(String id, RedisSettings settings) {
        return new SentinelModeNode(cluster, keys, id, settings, CacheSettings.defaults(),
                MembershipSettings.of(Duration.ofMillis(300), Duration.ofMillis(1500)));
    }
}
