package org.ofclustering.membership;

/**
 * Told about changes of membership, on one membership event thread, in the order they were
 * detected. A slow listener delays later events but never the lease renewal.
 *
 * <p>The local node's membership periods: {@link #joinedCluster} opens one (at start, and again
 * after each fence when the node rejoins by itself); it ends with either {@link #leftCluster()}
 * (a clean stop) or {@link #fenced()} (the lease was lost). Within a period, other nodes arrive
 * with {@link #memberJoined} and depart with {@link #memberLeft}; members already present when
 * the period opens are not announced one by one (read {@link ClusterView#members()}).
 * {@link #becameSenior()} follows {@code joinedCluster} when this node is the oldest member, or
 * the departure that made it the oldest.
 */
public interface MembershipListener {
    /**
     * This node became a member: at start ({@code rejoin} false) or after a fence ({@code rejoin}
     * true, with a new join order). Openfire: {@code fireJoinedCluster(false)}, then tell the others
     * ({@code NewClusterMemberJoinedTask}).
     */
    default void joinedCluster(MemberInfo self, boolean rejoin) {
    }

    /**
     * This node is leaving cleanly ({@link MembershipService#stop()}); its lease is removed after
     * every listener has returned. Openfire: {@code fireLeftCluster()}.
     */
    default void leftCluster() {
    }

    /** Another node joined (or this node learned of it). */
    default void memberJoined(MemberInfo member) {
    }

    /**
     * Another node left cleanly ({@code crashed} false) or was declared dead or fenced
     * ({@code crashed} true). Called once per departure on every survivor. Openfire:
     * {@code fireLeftCluster(nodeId)}, then {@code removedExpiredPresences()}, {@code NodeID.deleteInstance}.
     */
    default void memberLeft(MemberInfo member, boolean crashed) {
    }

    /** This node became the senior member. Openfire: {@code fireMarkedAsSeniorClusterMember()}. */
    default void becameSenior() {
    }

    /**
     * This node lost its lease and stopped acting as a member; the view is now empty and every
     * other member is to be treated as unknown. The node rejoins by itself (a new
     * {@link #joinedCluster} with {@code rejoin} true) once Redis answers again and every listener
     * has returned from this call. Openfire: {@code fireLeftCluster()}.
     */
    default void fenced() {
    }
}
