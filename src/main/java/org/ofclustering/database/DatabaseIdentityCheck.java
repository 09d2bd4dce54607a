package org.ofclustering.database;

import io.lettuce.core.SetArgs;
import org.ofclustering.database.DatabaseIdentityResult.Outcome;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Makes sure every node of a cluster uses the same database. The first node stores a random
 * identity in the database (table {@value #TABLE}, created when missing) and in Redis under the
 * cluster's key space ({@code ofc:{<cluster>:database}:identity}); every joining node compares the
 * two and must not join when they differ, when its database has none while the cluster has one,
 * or when it runs on Openfire's embedded database.
 *
 * <p>The identity lives in a table of its own rather than in Openfire's {@code ofProperty}, because
 * Openfire caches and broadcasts its properties: a row written behind its back could be overwritten
 * or go unseen, while this table is read only here. Logs one line with the outcome.
 */
public final class DatabaseIdentityCheck {
    private static final Logger Log = LoggerFactory.getLogger(DatabaseIdentityCheck.class);

    /** The table holding the identity; one row, {@code identityName = 'database'}. */
    public static final String TABLE = "ofClusterIdentity";
    static final String ROW = "database";
    private static final String SELECT = "SELECT identityValue FROM " + TABLE + " WHERE identityName = ?";
    private static final String INSERT = "INSERT INTO " + TABLE + " (identityName, identityValue, createdAt) VALUES (?, ?, ?)";
    // Plain types every database Openfire supports understands; no IF NOT EXISTS (not portable).
    private static final String CREATE = "CREATE TABLE " + TABLE + " (identityName VARCHAR(32) NOT NULL, "
            + "identityValue VARCHAR(64) NOT NULL, createdAt VARCHAR(40) NOT NULL, PRIMARY KEY (identityName))";

    private final ConnectionSource database;
    private final RedisConnector redis;
    private final KeySpace keys;

    public DatabaseIdentityCheck(ConnectionSource database, RedisConnector redis, KeySpace keys) {
        this.database = database;
        this.redis = redis;
        this.keys = keys;
    }

    /** The Redis key holding the cluster's database identity. */
    public byte[] redisKey() {
        return keys.keyBytes("database", "identity");
    }

    /** Runs the check; never throws, every failure is an outcome that forbids joining. */
    public DatabaseIdentityResult check() {
        DatabaseIdentityResult result;
        try {
            result = checkOrThrow();
        } catch (SQLException e) {
            result = new DatabaseIdentityResult(Outcome.FAILED, null, null,
                    "Cannot verify the shared database of cluster '" + keys.clusterName() + "': database error: "
                            + e.getMessage() + "; not joining");
        } catch (RuntimeException e) {
            result = new DatabaseIdentityResult(Outcome.FAILED, null, null,
                    "Cannot verify the shared database of cluster '" + keys.clusterName() + "': " + e + "; not joining");
        }
        if (result.mayJoin()) {
            Log.info(result.message());
        } else {
            Log.error(result.message());
        }
        return result;
    }

    private DatabaseIdentityResult checkOrThrow() throws SQLException {
        try (Connection con = database.open()) {
            DatabaseMetaData meta = con.getMetaData();
            String url = meta.getURL();
            String where = JdbcUrl.redacted(url);
            if (JdbcUrl.isEmbedded(url)) {
                return new DatabaseIdentityResult(Outcome.REFUSED_EMBEDDED, null, null,
                        "Clustering needs one external database shared by every node, but this node uses an embedded "
                                + "database (" + where + "); configure MySQL/MariaDB or another external database; not joining");
            }
            if (!con.getAutoCommit()) {
                con.setAutoCommit(true);
            }
            // Redis first: a node sets the Redis key only after its row is committed, so a key seen
            // here means that row is visible below if this node shares that database.
            String cluster = readRedis();
            String local = readOrCreateTable(con);
            if (cluster == null) {
                boolean created = false;
                if (local == null) {
                    String candidate = UUID.randomUUID().toString();
                    local = insertOrRead(con, candidate);
                    created = local.equals(candidate);
                }
                boolean stored = redis.sync().set(redisKey(), bytes(local), SetArgs.Builder.nx()) != null;
                cluster = stored ? local : readRedis();
                if (local.equals(cluster)) {
                    return new DatabaseIdentityResult(created ? Outcome.INITIALISED : Outcome.PUBLISHED, local, cluster,
                            (created ? "First node of cluster '" + keys.clusterName() + "': stored new database identity "
                                    : "Cluster '" + keys.clusterName() + "' had no database identity in Redis: published ")
                                    + local + " of " + where);
                }
            }
            if (local == null) {
                return new DatabaseIdentityResult(Outcome.REFUSED_UNKNOWN_DATABASE, null, cluster,
                        "This node's database (" + where + ") has no cluster identity, but cluster '" + keys.clusterName()
                                + "' already uses a database with identity " + cluster
                                + ": this node is connected to a different database than the other nodes; not joining");
            }
            if (!local.equals(cluster)) {
                return new DatabaseIdentityResult(Outcome.REFUSED_MISMATCH, local, cluster,
                        "This node's database (" + where + ") has identity " + local + ", but cluster '" + keys.clusterName()
                                + "' uses a database with identity " + cluster
                                + ": every node must use the same database; not joining");
            }
            return new DatabaseIdentityResult(Outcome.MATCHED, local, cluster,
                    "Database " + where + " (identity " + local + ") is the shared database of cluster '" + keys.clusterName() + "'");
        }
    }

    /** The stored identity or null; creates the table when it does not exist yet. */
    private static String readOrCreateTable(Connection con) throws SQLException {
        if (!tableExists(con)) {
            try (Statement st = con.createStatement()) {
                st.executeUpdate(CREATE);
                Log.info("Created table {} for the shared-database check", TABLE);
            } catch (SQLException e) {
                // Another node may have created it meanwhile; the read below tells.
                Log.debug("Creating table {} failed ({}); reading again", TABLE, e.getMessage());
            }
        }
        return read(con);
    }

    /** Looks the table up as written, upper- and lower-case: databases differ in how they store names. */
    private static boolean tableExists(Connection con) throws SQLException {
        DatabaseMetaData meta = con.getMetaData();
        for (String name : new String[] {TABLE, TABLE.toUpperCase(Locale.ROOT), TABLE.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(con.getCatalog(), null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String read(Connection con) throws SQLException {
        try (PreparedStatement st = con.prepareStatement(SELECT)) {
            st.setString(1, ROW);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Inserts the identity unless another node was first; returns the one that is stored. */
    private static String insertOrRead(Connection con, String identity) throws SQLException {
        try (PreparedStatement st = con.prepareStatement(INSERT)) {
            st.setString(1, ROW);
            st.setString(2, identity);
            st.setString(3, Instant.now().toString());
            st.executeUpdate();
            return identity;
        } catch (SQLException e) {
            String winner = read(con);
            if (winner == null) {
                throw e;
            }
            return winner;
        }
    }

    private String readRedis() {
        byte[] value = redis.sync().get(redisKey());
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
