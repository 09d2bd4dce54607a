package org.ofclustering.openfire;

import org.jivesoftware.database.ConnectionProvider;
import org.jivesoftware.util.JiveGlobals;
import org.ofclustering.config.Secret;
import org.ofclustering.database.HikariPool;
import org.ofclustering.database.HikariPoolSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Openfire's database connections from a HikariCP pool, configured from the same openfire.xml
 * settings as Openfire's default pool ({@code database.defaultProvider.driver}, {@code serverURL},
 * {@code username}, {@code password}, {@code minConnections}, {@code maxConnections},
 * {@code maxWaitTime}); connection lifetimes are the plugin's settings, given to the constructor.
 * Installed by {@link ConnectionPoolSwitch}; the constructor does nothing, {@link #start()} opens the pool.
 */
public class HikariConnectionProvider implements ConnectionProvider {
    private static final Logger Log = LoggerFactory.getLogger(HikariConnectionProvider.class);
    private static final String PREFIX = "database.defaultProvider.";

    private final Duration maxLifetime;
    private final Duration idleTimeout;
    private final Duration keepalive;
    private volatile HikariPool pool;

    /** With the default lifetimes (30 min, 10 min idle, 2 min keepalive). */
    public HikariConnectionProvider() {
        this(HikariPoolSettings.DEFAULT_MAX_LIFETIME, HikariPoolSettings.DEFAULT_IDLE_TIMEOUT, HikariPoolSettings.DEFAULT_KEEPALIVE);
    }

    /**
     * @param maxLifetime age after which a connection is replaced
     * @param idleTimeout idle time after which a connection above the minimum is closed
     * @param keepalive   how often an idle connection is checked
     */
    public HikariConnectionProvider(Duration maxLifetime, Duration idleTimeout, Duration keepalive) {
        this.maxLifetime = maxLifetime;
        this.idleTimeout = idleTimeout;
        this.keepalive = keepalive;
    }

    @Override
    public boolean isPooled() {
        return true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        HikariPool p = pool;
        if (p == null) {
            throw new SQLException("The HikariCP connection pool is not started");
        }
        return p.connection();
    }

    @Override
    public synchronized void start() {
        if (pool == null) {
            HikariPoolSettings settings = settingsFromOpenfire();
            pool = new HikariPool(settings, "openfire");
            Log.info("HikariCP connection pool started: {} to {} connections", settings.minIdle(), settings.maxPoolSize());
        }
    }

    @Override
    public synchronized void restart() {
        destroy();
        start();
    }

    @Override
    public synchronized void destroy() {
        if (pool != null) {
            pool.close();
            pool = null;
            Log.info("HikariCP connection pool closed");
        }
    }

    /** In use, idle, total and waiting, for the admin console; zeros when stopped. */
    public HikariPool.Statistics statistics() {
        HikariPool p = pool;
        return p == null ? new HikariPool.Statistics(0, 0, 0, 0) : p.statistics();
    }

    /** Openfire's defaults where openfire.xml is silent: 3 to 10 connections, 500 ms wait (as DefaultConnectionProvider). */
    private HikariPoolSettings settingsFromOpenfire() {
        return new HikariPoolSettings(
                JiveGlobals.getXMLProperty(PREFIX + "driver"),
                JiveGlobals.getXMLProperty(PREFIX + "serverURL"),
                JiveGlobals.getXMLProperty(PREFIX + "username"),
                Secret.ofNullable(JiveGlobals.getXMLProperty(PREFIX + "password")),
                JiveGlobals.getXMLProperty(PREFIX + "minConnections", 3),
                JiveGlobals.getXMLProperty(PREFIX + "maxConnections", 10),
                Duration.ofMillis(JiveGlobals.getXMLProperty(PREFIX + "maxWaitTime", 500)),
                maxLifetime, idleTimeout, keepalive);
    }
}
