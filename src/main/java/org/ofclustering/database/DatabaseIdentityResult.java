package org.ofclustering.database;

/**
 * The outcome of the shared-database check, for the join decision, the log and the admin status.
 *
 * @param outcome          what was found
 * @param databaseIdentity the identity stored in this node's database, or null
 * @param clusterIdentity  the identity the cluster holds in Redis, or null
 * @param message          one line for the log and the admin console; names no credentials
 */
public record DatabaseIdentityResult(Outcome outcome, String databaseIdentity, String clusterIdentity, String message) {
    /** What the check found. */
    public enum Outcome {
        /** This node's database is the cluster's. */
        MATCHED(true),
        /** The first node: a new identity was stored in the database and in Redis. */
        INITIALISED(true),
        /** The database had an identity and Redis none (new cluster name, or Redis lost its data): published. */
        PUBLISHED(true),
        /**
         * The administrator named the cluster's former identity in {@code clustering.database.replaceIdentity}
         * and no other node was live: this database's identity replaced it in Redis.
         */
        REPLACED(true),
        /** Openfire's embedded database, which no other node can share. */
        REFUSED_EMBEDDED(false),
        /** This node's database carries another identity than the cluster's. */
        REFUSED_MISMATCH(false),
        /** The cluster has an identity but this node's database has none: a different database. */
        REFUSED_UNKNOWN_DATABASE(false),
        /** The database or Redis could not be read; nothing is known. */
        FAILED(false);

        private final boolean mayJoin;

        Outcome(boolean mayJoin) {
            this.mayJoin = mayJoin;
        }
    }

    /** True when the node may join the cluster. */
    public boolean mayJoin() {
        return outcome.mayJoin;
    }
}
