package org.ofclustering.openfire;

import org.jivesoftware.database.ConnectionProvider;
import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.database.DefaultConnectionProvider;
import org.jivesoftware.util.JiveGlobals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps Openfire's database pool for {@link HikariConnectionProvider} while the plugin runs, and
 * back. Only Openfire's default pool is replaced (never the embedded database or a JNDI source).
 *
 * <p>Openfire remembers the provider class in openfire.xml ({@code connectionProvider.className})
 * and loads it at the next boot, before any plugin: the switch writes the default class back, so a
 * restart starts on Openfire's pool and the plugin swaps again. {@link #restoreDefault()} must run
 * when the plugin is destroyed, or Openfire would keep a pool whose classes are being unloaded.
 */
public final class ConnectionPoolSwitch {
    private static final Logger Log = LoggerFactory.getLogger(ConnectionPoolSwitch.class);
    private static final String CLASS_NAME_PROPERTY = "connectionProvider.className";

    private ConnectionPoolSwitch() {
    }

    /**
     * Installs the given HikariCP provider (not started yet) when Openfire runs its default pool
     * ({@code clustering.database.hikari.enabled} is the caller's decision). When the new pool
     * cannot open a connection, Openfire's pool stays.
     *
     * @return true when HikariCP now serves Openfire's connections
     */
    public static boolean install(HikariConnectionProvider hikari) {
        ConnectionProvider current = DbConnectionManager.getConnectionProvider();
        if (current instanceof HikariConnectionProvider) {
            return true;
        }
        if (!(current instanceof DefaultConnectionProvider)) {
            Log.info("Not switching to HikariCP: Openfire uses {}, not its default pool",
                    current == null ? "no connection provider" : current.getClass().getName());
            return false;
        }
        try {
            hikari.start(); // fail here, while Openfire's pool still serves
        } catch (RuntimeException e) {
            Log.error("Not switching to HikariCP, Openfire's pool stays: {}", e.getMessage());
            hikari.destroy();
            return false;
        }
        DbConnectionManager.setConnectionProvider(hikari); // destroys Openfire's pool; calls start() again (no-op)
        JiveGlobals.setXMLProperty(CLASS_NAME_PROPERTY, DefaultConnectionProvider.class.getName());
        Log.info("Openfire's database connections now come from HikariCP");
        return true;
    }

    /** Gives Openfire its default pool back when the HikariCP provider is installed; otherwise does nothing. */
    public static void restoreDefault() {
        if (DbConnectionManager.getConnectionProvider() instanceof HikariConnectionProvider) {
            DbConnectionManager.setConnectionProvider(new DefaultConnectionProvider());
            Log.info("Openfire's database connections come from its default pool again");
        }
    }
}
