package org.ofclustering.database;

import org.ofclustering.config.Secret;

import java.time.Duration;
import java.util.Objects;

/**
 * A HikariCP pool for Openfire's database. Driver, URL, credentials, pool sizes and the borrow
 * timeout are Openfire's own ({@code database.defaultProvider.*} in openfire.xml); the lifetimes
 * are this plugin's ({@code clustering.database.hikari.*}).
 *
 * @param driverClassName JDBC driver class, or null to let the URL pick the driver
 * @param jdbcUrl         JDBC URL
 * @param username        user name, or null
 * @param password        password, or null
 * @param minIdle         connections kept open while idle (Openfire's minConnections)
 * @param maxPoolSize     most connections open at once (Openfire's maxConnections)
 * @param borrowTimeout   how long a caller waits for a free connection (Openfire's maxWaitTime; at least 250 ms)
 * @param maxLifetime     a connection is replaced after this age; keep it below the server's wait_timeout
 * @param idleTimeout     an idle connection above minIdle is closed after this
 * @param keepalive       an idle connection is checked this often, so firewalls and the server keep it
 */
public record HikariPoolSettings(String driverClassName, String jdbcUrl, String username, Secret password, int minIdle,
                                 int maxPoolSize, Duration borrowTimeout, Duration maxLifetime, Duration idleTimeout,
                                 Duration keepalive) {
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofMinutes(2);
    private static final Duration HIKARI_MIN_TIMEOUT = Duration.ofMillis(250);

    public HikariPoolSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(borrowTimeout, "borrowTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(keepalive, "keepalive");
        if (maxPoolSize < 1 || minIdle < 0 || minIdle > maxPoolSize) {
            throw new IllegalArgumentException("pool sizes must satisfy 0 <= minConnections (" + minIdle
                    + ") <= maxConnections (" + maxPoolSize + ") and maxConnections >= 1");
        }
        if (borrowTimeout.compareTo(HIKARI_MIN_TIMEOUT) < 0) {
            borrowTimeout = HIKARI_MIN_TIMEOUT;
        }
    }

    /** Openfire's defaults for what it does not configure: 5 to 25 connections, 500 ms borrow timeout. */
    public static HikariPoolSettings of(String driverClassName, String jdbcUrl, String username, Secret password) {
        return new HikariPoolSettings(driverClassName, jdbcUrl, username, password, 5, 25, Duration.ofMillis(500),
                DEFAULT_MAX_LIFETIME, DEFAULT_IDLE_TIMEOUT, DEFAULT_KEEPALIVE);
    }

    public HikariPoolSettings withSizes(int minIdle, int maxPoolSize) {
        return new HikariPoolSettings(driverClassName, jdbcUrl, username, password, minIdle, maxPoolSize, borrowTimeout,
                maxLifetime, idleTimeout, keepalive);
    }
}
