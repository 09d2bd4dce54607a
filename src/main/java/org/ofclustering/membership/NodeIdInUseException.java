package org.ofclustering.membership;

/** Another live process already holds a lease for this node id: two servers share one NodeID. */
public final class NodeIdInUseException extends MembershipException {
    public NodeIdInUseException(String nodeId, String holderToken) {
        super("node id " + nodeId + " is already held by a live member (lease #" + holderToken
                + "); every node needs its own NodeID");
    }
}
