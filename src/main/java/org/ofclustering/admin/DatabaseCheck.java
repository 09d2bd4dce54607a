package org.ofclustering.admin;

import java.util.Objects;

/**
 * Result of the check that every node uses the same database.
 *
 * @param outcome  the result
 * @param identity the identity this node computed for its database (shown to compare nodes), or null
 * @param detail   what was compared or why the check failed, or null
 */
public record DatabaseCheck(Outcome outcome, String identity, String detail) {
    /** How the check ended. */
    public enum Outcome {
        /** Every node reports the same database. */
        SAME_DATABASE,
        /** At least one node uses another database: the cluster must not run like this. */
        DIFFERENT_DATABASE,
        /** Not checked yet (clustering not started). */
        NOT_CHECKED,
        /** The check could not run. */
        FAILED
    }

    public DatabaseCheck {
        Objects.requireNonNull(outcome, "outcome");
    }
}
