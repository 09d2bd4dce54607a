package org.ofclustering.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A HikariCP connection pool over plain JDBC settings. Opening it opens (and so checks) the first
 * connection: a wrong URL or password fails here, before anyone depends on the pool.
 */
public final class HikariPool implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(HikariPool.class);
    private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    /** Connections in use, idle, open in total, and callers waiting for one. */
    public record Statistics(int active, int idle, int total, int waiting) {
    }

    private final HikariDataSource dataSource;

    /**
     * @throws RuntimeException (HikariCP's {@code PoolInitializationException}) when no connection can be opened
     */
    public HikariPool(HikariPoolSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        if (settings.driverClassName() != null && !settings.driverClassName().isBlank()) {
            config.setDriverClassName(settings.driverClassName());
        }
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.username());
        if (settings.password() != null) {
            config.setPassword(settings.password().reveal());
        }
        config.setMinimumIdle(settings.minIdle());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(settings.borrowTimeout().toMillis());
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        config.setIdleTimeout(settings.idleTimeout().toMillis());
        config.setKeepaliveTime(settings.keepalive().toMillis());
        // Openfire commits explicitly where it uses transactions and expects auto-commit elsewhere.
        config.setAutoCommit(true);
        this.dataSource = new HikariDataSource(config);
    }

    /** A connection from the pool; closing it returns it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Statistics statistics() {
        HikariPoolMXBean bean = dataSource.getHikariPoolMXBean();
        return bean == null ? new Statistics(0, 0, 0, 0)
                : new Statistics(bean.getActiveConnections(), bean.getIdleConnections(), bean.getTotalConnections(),
                        bean.getThreadsAwaitingConnection());
    }

    /** {@link #close(Duration)} with a 10 second drain. */
    @Override
    public void close() {
        close(DEFAULT_DRAIN);
    }

    /**
     * Closes the pool. HikariCP aborts connections still in use when it shuts down, which would
     * break a query another thread is running, so this first waits up to {@code drain} for borrowed
     * connections to come back (while handing out no new ones to idle callers' benefit).
     */
    public void close(Duration drain) {
        HikariPoolMXBean bean = dataSource.getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
            long deadline = System.nanoTime() + drain.toNanos();
            while (bean.getActiveConnections() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (bean.getActiveConnections() > 0) {
                Log.warn("Closing connection pool {} with {} connections still in use; their queries are aborted",
                        dataSource.getPoolName(), bean.getActiveConnections());
            }
        }
        dataSource.close();
    }
}
