package org.ofclustering.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach Redis.
 *
 * @param mode           standalone, sentinel or cluster
 * @param uris           host/port URIs ({@code redis://host:port} or {@code rediss://host:port} for TLS);
 *                       credentials are never taken from the URI but from {@code username}/{@code password}
 * @param sentinelMaster master set name, used in sentinel mode only
 * @param username       ACL user name, or null for the default user
 * @param password       password, or null for none
 * @param tls            use TLS for every URI
 * @param verifyPeer     verify the server certificate and host name when TLS is on
 * @param database       database index (standalone and sentinel only)
 * @param commandTimeout how long one command may take before it fails
 * @param sentinelPassword password the sentinels require ({@code requirepass} in {@code sentinel.conf}),
 *                       or null when they accept anyone; sentinel mode only
 */
public record RedisSettings(RedisMode mode, List<RedisAddress> uris, String sentinelMaster, String username,
                            Secret password, boolean tls, boolean verifyPeer, int database, Duration commandTimeout,
                            Secret sentinelPassword) {
    public RedisSettings {
        Objects.requireNonNull(mode, "mode");
        uris = List.copyOf(uris);
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis address is required");
        }
    }

    /** Settings whose sentinels, if any, accept clients without a password. */
    public RedisSettings(RedisMode mode, List<RedisAddress> uris, String sentinelMaster, String username,
                         Secret password, boolean tls, boolean verifyPeer, int database, Duration commandTimeout) {
        this(mode, uris, sentinelMaster, username, password, tls, verifyPeer, database, commandTimeout, null);
    }

    /** The same settings with the password the sentinels require (null: none). */
    public RedisSettings withSentinelPassword(Secret password) {
        return new RedisSettings(mode, uris, sentinelMaster, username, this.password, tls, verifyPeer, database,
                commandTimeout, password);
    }

    /** Settings for a plain local Redis, as used by tests and development setups. */
    public static RedisSettings standalone(String host, int port) {
        return new RedisSettings(RedisMode.STANDALONE, List.of(new RedisAddress(host, port)), null, null, null,
                false, true, 0, Duration.ofSeconds(5));
    }
}
