package org.ofclustering.membership;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to the cluster, for the administrator's list of recent events: a
 * membership change, or a notice another part of the plugin adds (a setting refused, a start that
 * failed).
 *
 * @param time   when it was seen
 * @param kind   what happened
 * @param nodeId the node it concerns, or null
 * @param detail join order, reason, version or notice text, or null (escaped when shown)
 */
public record ClusterEvent(Instant time, Kind kind, String nodeId, String detail) {
    /** Kinds of cluster events. */
    public enum Kind { JOINED, REJOINED, LEFT, CRASHED, SENIOR, FENCED, VERSION_MISMATCH, NOTICE }

    public ClusterEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
    }
}
