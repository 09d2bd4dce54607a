package org.ofclustering.openfire;

import org.jivesoftware.util.cache.ClusterTask;

import java.io.ObjectInput;
import java.io.ObjectOutput;

/**
 * The answer of a member to another node's "new member" announcement: "my users' routes are in
 * the clustered caches". A node that rejoined after a fence holds its users' stanzas until every
 * node it knew before has said so ({@link RouteRebuildGate}). A node that rejoined earlier sent its
 * own announcement while the other was not a member yet, so the other never received it; this
 * answer stands in for it. Unlike Openfire's {@code NewClusterMemberJoinedTask} it fires no cluster
 * event on the receiver (that would make core send the receiver's room occupants again).
 *
 * <p>It carries nothing: the sender is known from the envelope.
 */
public final class RoutesRestoredTask implements ClusterTask<Void> {
    private static final long serialVersionUID = 1L;

    @Override
    public Void getResult() {
        return null;
    }

    @Override
    public void run() {
        // The receiving dispatcher tells the route gate; there is nothing to run.
    }

    @Override
    public void writeExternal(ObjectOutput out) {
        // no state
    }

    @Override
    public void readExternal(ObjectInput in) {
        // no state
    }
}
