package org.ofclustering.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to the cluster, for the "recent events" list.
 *
 * @param time   when it happened
 * @param kind   what happened
 * @param nodeId the node it concerns, or null
 * @param text   details in plain text (escaped when shown)
 */
public record ClusterEvent(Instant time, Kind kind, String nodeId, String text) {
    /** Kinds of cluster events. */
    public enum Kind { JOINED, LEFT, CRASHED, FENCED, SENIOR, NOTICE }

    public ClusterEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
    }
}
