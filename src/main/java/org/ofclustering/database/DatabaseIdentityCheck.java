package org.ofclustering.database;

import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.database.DatabaseIdentityResult.Outcome;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Makes sure every node of a cluster uses the same database. The first node stores a random
 * identity in the database (table {@value #TABLE}, created when missing) and in Redis under the
 * cluster's key space ({@code ofc:{<cluster>:database}:identity}); every joining node compares the
 * two and must not join when they differ, when its database has none while the cluster has one,
 * or when it runs on Openfire's embedded database. A refusal says whether other nodes are live,
 * which tells a misconfigured node from a cluster whose database was recreated; for the latter,
 * {@code clustering.database.replaceIdentity} lets this database become the cluster's, but only
 * while no node is live.
 *
 * <p>The identity lives in a table of its own rather than in Openfire's {@code ofProperty}, because
 * Openfire caches and broadcasts its properties: a row written behind its back could be overwritten
 * or go unseen, while this table is read only here. Logs one line with the outcome.
 */
public final class DatabaseIdentityCheck {
    private static final Logger Log = LoggerFactory.getLogger(DatabaseIdentityCheck.class);

    /** The table holding the identity; one row, {@code identityName = 'database'}. */
    public static final String TABLE = IdentityTable.TABLE;

    private final ConnectionSource database;
    private final ClusterIdentityKey clusterKey;
    private final KeySpace keys;
    private final Supplier<List<String>> otherLiveNodes;
    private final String replaceIdentity;

    /**
     * @param otherLiveNodes  the nodes of the cluster other than this one holding a live lease now, as
     *                        {@code host (node id)}; read only when the check refuses
     * @param replaceIdentity the value of {@code clustering.database.replaceIdentity}, or null
     */
    public DatabaseIdentityCheck(ConnectionSource database, RedisConnector redis, KeySpace keys,
                                 Supplier<List<String>> otherLiveNodes, String replaceIdentity) {
        this.database = database;
        this.clusterKey = new ClusterIdentityKey(redis, keys);
        this.keys = keys;
        this.otherLiveNodes = otherLiveNodes;
        this.replaceIdentity = replaceIdentity;
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
            ClusterIdentityKey.Held held = clusterKey.read();
            IdentityTable.Row local = IdentityTable.readOrCreate(con);
            if (held == null) {
                boolean created = false;
                if (local == null) {
                    String candidate = UUID.randomUUID().toString();
                    local = IdentityTable.insertOrRead(con, candidate);
                    created = local.identity().equals(candidate);
                }
                held = clusterKey.publish(local.identity()) ? new ClusterIdentityKey.Held(local.identity(), null) : clusterKey.read();
                if (held == null) {
                    throw new IllegalStateException("the Redis key " + clusterKey.name() + " vanished while it was being set");
                }
                if (local.identity().equals(held.identity())) {
                    return new DatabaseIdentityResult(created ? Outcome.INITIALISED : Outcome.PUBLISHED, local.identity(), held.identity(),
                            (created ? "First node of cluster '" + keys.clusterName() + "': stored new database identity "
                                    : "Cluster '" + keys.clusterName() + "' had no database identity in Redis: published ")
                                    + local.identity() + " of " + where);
                }
            }
            if (local != null && local.identity().equals(held.identity())) {
                return matched(where, local.identity());
            }
            return refuseOrReplace(con, where, local, held);
        }
    }

    private DatabaseIdentityResult matched(String where, String identity) {
        return new DatabaseIdentityResult(Outcome.MATCHED, identity, identity,
                "Database " + where + " (identity " + identity + ") is the shared database of cluster '" + keys.clusterName() + "'");
    }

    /** This database is not the one Redis names: replaced when the administrator asked for it and nobody runs, else refused. */
    private DatabaseIdentityResult refuseOrReplace(Connection con, String where, IdentityTable.Row local,
                                                   ClusterIdentityKey.Held held) throws SQLException {
        OtherLiveNodes others = OtherLiveNodes.read(otherLiveNodes);
        if (replaceIdentity != null && replaceIdentity.equalsIgnoreCase(held.identity()) && others.noneLive()) {
            IdentityTable.Row own = local != null ? local : IdentityTable.insertOrRead(con, UUID.randomUUID().toString());
            ClusterIdentityKey.Replacement replacement = clusterKey.replace(held.identity(), own.identity());
            if (replacement.replaced()) {
                return new DatabaseIdentityResult(Outcome.REPLACED, own.identity(), own.identity(),
                        "Cluster '" + keys.clusterName() + "' now uses this node's database (" + where + ", identity "
                                + own.identity() + ") instead of the database with identity " + held.identity() + ", as "
                                + ClusteringProperties.DATABASE_REPLACE_IDENTITY.key() + " asked while no other node was live; "
                                + "remove that setting, it has no further effect");
            }
            if (own.identity().equals(replacement.held())) {
                // Another node on this database replaced it a moment earlier.
                return matched(where, own.identity());
            }
            // The cluster's identity changed otherwise meanwhile: refuse on what Redis holds now.
            ClusterIdentityKey.Held current = clusterKey.read();
            if (current == null) {
                throw new IllegalStateException("the Redis key " + clusterKey.name() + " vanished while it was being replaced");
            }
            held = current;
            local = own;
        }
        Outcome outcome = local == null ? Outcome.REFUSED_UNKNOWN_DATABASE : Outcome.REFUSED_MISMATCH;
        return new DatabaseIdentityResult(outcome, local == null ? null : local.identity(), held.identity(),
                IdentityRefusal.text(keys.clusterName(), where, local, held, others, replaceIdentity, clusterKey.name()));
    }
}
