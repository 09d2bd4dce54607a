package org.ofclustering.redis;

import io.lettuce.core.RedisConnectionException;
import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.config.RedisAddress;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recognises sentinels that refused a connection for want of the right password. Lettuce reports
 * it as "Cannot connect to a Redis Sentinel" with the sentinel's NOAUTH or WRONGPASS reply deep in
 * the causes, and NOAUTH's text speaks of HELLO and a user the sentinels do not have; the
 * administrator needs to read which sentinels refused and which setting to correct.
 */
final class SentinelAuthFailure {
    private static final String SENTINEL_CONNECT_FAILED = "Cannot connect to a Redis Sentinel";

    private SentinelAuthFailure() {
    }

    /**
     * The failure restated for the administrator when sentinels refused the connection for want of
     * the right password, else the failure itself.
     */
    static RuntimeException explain(RedisSettings settings, RuntimeException failure) {
        if (settings.mode() != RedisMode.SENTINEL || !startsWith(failure, SENTINEL_CONNECT_FAILED)) {
            return failure;
        }
        Optional<String> reply = authReply(failure);
        if (reply.isEmpty()) {
            return failure;
        }
        String sentinels = settings.uris().stream().map(RedisAddress::toString).collect(Collectors.joining(", "));
        String key = ClusteringProperties.REDIS_SENTINEL_PASSWORD.key();
        String advice = settings.sentinelPassword() == null
                ? "they require a password and " + key + " is not set"
                : "they refused the password in " + key;
        return new RedisConnectionException("Authentication to the Redis sentinels " + sentinels + " failed: "
                + advice + " (the sentinels answered " + reply.get() + ")", failure);
    }

    /** Whether the sentinels could not be reached and the failure carries no reply saying why. */
    static boolean unexplained(RedisSettings settings, RuntimeException failure) {
        return settings.mode() == RedisMode.SENTINEL && startsWith(failure, SENTINEL_CONNECT_FAILED) && authReply(failure).isEmpty();
    }

    /** The error code (NOAUTH, WRONGPASS) of the first authentication reply among the causes and suppressed failures. */
    private static Optional<String> authReply(Throwable failure) {
        Deque<Throwable> pending = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            String code = t.getMessage() == null ? "" : t.getMessage().split(" ", 2)[0];
            if (code.equals("NOAUTH") || code.equals("WRONGPASS")) {
                return Optional.of(code);
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return Optional.empty();
    }

    private static boolean startsWith(Throwable t, String prefix) {
        return t instanceof RedisConnectionException && t.getMessage() != null && t.getMessage().startsWith(prefix);
    }
}
