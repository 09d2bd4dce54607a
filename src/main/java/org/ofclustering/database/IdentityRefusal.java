package org.ofclustering.database;

import org.ofclustering.config.ClusteringProperties;

/**
 * The text of a refused shared-database check: what this database holds, what Redis holds,
 * whether other nodes run right now, and so what the administrator should do. With other nodes
 * live, this node is on the wrong database; with none, Redis may simply remember a database the
 * cluster no longer uses (recreated or restored), which only the administrator can tell apart from
 * a node pointed at the wrong database.
 */
final class IdentityRefusal {
    private static final String REPLACE = ClusteringProperties.DATABASE_REPLACE_IDENTITY.key();

    private IdentityRefusal() {
    }

    /**
     * @param local   this database's identity, or null when it has none
     * @param held    the identity Redis holds for the cluster
     * @param keyName the Redis key holding it
     * @param replace the value of clustering.database.replaceIdentity, or null
     */
    static String text(String cluster, String where, IdentityTable.Row local, ClusterIdentityKey.Held held,
                       OtherLiveNodes others, String replace, String keyName) {
        StringBuilder m = new StringBuilder("This node's database (").append(where).append(") ");
        if (local == null) {
            m.append("has no cluster identity");
        } else {
            m.append("has identity ").append(local.identity()).append(" (created ").append(local.createdAt()).append(')');
        }
        m.append(", but cluster '").append(cluster).append("' uses the database with identity ").append(held.identity());
        if (held.recordedAt() != null) {
            m.append(" (recorded in Redis ").append(held.recordedAt()).append(')');
        }
        boolean asked = replace != null && replace.equalsIgnoreCase(held.identity());
        if (!others.known()) {
            m.append(". Whether other nodes of the cluster are live could not be read (").append(others.failure())
                    .append("): if they are, point this node at their database; if none is and this node's database is to be "
                            + "the cluster's from now on, set ").append(REPLACE).append(" to ").append(held.identity())
                    .append(" and start clustering again");
        } else if (!others.nodes().isEmpty()) {
            m.append(". ").append(others.nodes().size()).append(others.nodes().size() == 1 ? " other node is" : " other nodes are")
                    .append(" live now (").append(String.join(", ", others.nodes()))
                    .append("): this node is connected to a different database than the running nodes; "
                            + "point it at their database (same JDBC URL and schema)");
            if (asked) {
                m.append(". ").append(REPLACE).append(" is set, but the cluster's database is replaced only while no node "
                        + "of the cluster is live");
            }
        } else {
            m.append(". No node of the cluster is live now, so Redis still holds the identity of the database the cluster "
                    + "used before (was the database recreated, or restored from another backup?). If this node's database "
                    + "is to be the cluster's from now on, set ").append(REPLACE).append(" to ").append(held.identity())
                    .append(" (or delete the Redis key ").append(keyName)
                    .append(") and start clustering again; otherwise point this node at the cluster's database");
        }
        if (replace != null && !asked) {
            m.append(". ").append(REPLACE).append(" is ").append(replace)
                    .append(", not the identity the cluster holds: nothing was replaced");
        }
        return m.append("; not joining").toString();
    }
}
