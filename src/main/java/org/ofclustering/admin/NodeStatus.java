package org.ofclustering.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One member of the cluster as the admin pages show it. Numbers that are not known (the node did
 * not answer in time) are -1; a null lease age means the lease was not observed.
 *
 * @param nodeId        Openfire's NodeID as text
 * @param hostName      the host name the node advertises
 * @param joinedAt      when the node joined the cluster
 * @param senior        the node is the senior (oldest) member
 * @param local         the node is the one serving this page
 * @param leaseAge      time since the node last renewed its lease
 * @param heapUsedBytes Java heap in use, or -1
 * @param heapMaxBytes  maximum Java heap, or -1
 * @param tasksInFlight cluster tasks the node sent and still waits for, or -1
 * @param queueDepth    messages waiting in the node's task queue, or -1
 */
public record NodeStatus(String nodeId, String hostName, Instant joinedAt, boolean senior, boolean local,
                         Duration leaseAge, long heapUsedBytes, long heapMaxBytes, long tasksInFlight,
                         long queueDepth) {
    public NodeStatus {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(hostName, "hostName");
    }
}
