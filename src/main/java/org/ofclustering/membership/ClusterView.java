package org.ofclustering.membership;

import java.util.Collection;
import java.util.Optional;

/**
 * The part of membership the other capabilities use. Every answer comes from local memory (no
 * network call): it is refreshed by the membership service as leases are renewed and observed.
 */
public interface ClusterView {
    /** This node's id. */
    String localNodeId();

    /** Live members, this node included while it is a member, ordered by join order. */
    Collection<MemberInfo> members();

    /** The live member with that id, or empty when it is unknown or gone. */
    Optional<MemberInfo> member(String nodeId);

    default boolean isMember(String nodeId) {
        return member(nodeId).isPresent();
    }

    void addListener(MembershipListener listener);

    void removeListener(MembershipListener listener);
}
