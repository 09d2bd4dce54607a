package org.ofclustering.openfire;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.cluster.NodeID;
import org.jivesoftware.openfire.muc.cluster.NewClusterMemberJoinedTask;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Turns membership changes into Openfire's cluster events, in the order and with the blocking
 * behaviour core expects (the same sequence the Hazelcast plugin produces):
 * <ul>
 *     <li>this node joined: {@code fireJoinedCluster(false)} (returns once core has swapped its caches
 *         to clustered ones), then {@code NewClusterMemberJoinedTask} to the others, which fire
 *         "joined" for this node on their side;</li>
 *     <li>this node left or was fenced: {@code fireLeftCluster()}, waiting until every listener has
 *         copied what it needs into local caches;</li>
 *     <li>another node left or died: {@code fireLeftCluster(nodeID)}, then
 *         {@code removedExpiredPresences()} and {@code NodeID.deleteInstance};</li>
 *     <li>this node became senior: {@code fireMarkedAsSeniorClusterMember()}.</li>
 * </ul>
 * Membership calls these on its single event thread, so they never overlap.
 */
final class ClusterEventTranslator implements MembershipListener {
    private static final Logger Log = LoggerFactory.getLogger(ClusterEventTranslator.class);
    private static final Duration LEFT_CLUSTER_WAIT = Duration.ofSeconds(30);

    private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(3);
    /**
     * How long a leave waits for users' stanzas already being routed (see {@link RouteRebuildGate#awaitRouted}):
     * a route lookup sent just before Redis failed finishes once a replica is promoted (about 2 s after the fence).
     */
    private static final Duration ROUTED_WAIT = Duration.ofMillis(2_000);

    private final Consumer<NewClusterMemberJoinedTask> announce;
    private final Consumer<String> answerAnnouncement;
    private final BiPredicate<String, Duration> awaitTakeover;
    private final Consumer<Boolean> standalone;
    private final RouteRebuildGate gate;
    private final Supplier<Collection<MemberInfo>> members;
    /** Other members as this node last knew them (membership events arrive on one thread). */
    private final Set<String> others = ConcurrentHashMap.newKeySet();
    private volatile Set<String> knownBeforeFence = Set.of();
    private volatile long fencedAtNanos;
    private final CountDownLatch firstJoin = new CountDownLatch(1);
    private volatile boolean member;
    private volatile long lastJoinedNanos = Long.MIN_VALUE;

    /**
     * @param announce      sends the "new member" task to every other node
     * @param answerAnnouncement sends a {@link RoutesRestoredTask} to the node named
     * @param awaitTakeover waits until the stanzas left in a departed node's queue were routed again
     * @param standalone    told true once core serves this node's users from local caches after a
     *                      fence or leave, false when the node joins again (operations caught in a
     *                      fence wait for this, see {@code MemberFence#awaitStanding})
     * @param gate          told when this node rejoined after a fence, and which nodes it knew before
     * @param members       the live members now (read when this node joins)
     */
    ClusterEventTranslator(Consumer<NewClusterMemberJoinedTask> announce, Consumer<String> answerAnnouncement,
                           BiPredicate<String, Duration> awaitTakeover,
                           Consumer<Boolean> standalone, RouteRebuildGate gate,
                           Supplier<Collection<MemberInfo>> members) {
        this.members = members;
        this.announce = announce;
        this.answerAnnouncement = answerAnnouncement;
        this.awaitTakeover = awaitTakeover;
        this.standalone = standalone;
        this.gate = gate;
    }

    /** Waits until Openfire has handled this node's first join; false on timeout. */
    boolean awaitFirstJoin(Duration timeout) throws InterruptedException {
        return firstJoin.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isMember() {
        return member;
    }

    /** Whether Openfire finished a (re)join of this node after {@code nanoTime}, which rebuilt its cluster state. */
    boolean joinedSince(long nanoTime) {
        long joined = lastJoinedNanos;
        return joined != Long.MIN_VALUE && joined - nanoTime > 0;
    }

    @Override
    public void joinedCluster(MemberInfo self, boolean rejoin) {
        try {
            standalone.accept(false);
            others.clear();
            for (MemberInfo m : members.get()) {
                if (!m.nodeId().equals(self.nodeId())) {
                    others.add(m.nodeId());
                }
            }
            ClusterManager.fireJoinedCluster(false);
            member = true;
            lastJoinedNanos = System.nanoTime();
            if (rejoin) {
                // Users of the nodes known before the fence have no routes until those nodes restored them.
                gate.rejoined(knownBeforeFence, fencedAtNanos);
            }
            Log.info("{} the cluster as node {} (join order {})", rejoin ? "Rejoined" : "Joined", self.nodeId(), self.joinOrder());
            try {
                announce.accept(new NewClusterMemberJoinedTask());
            } catch (RuntimeException e) {
                Log.warn("Could not tell the other nodes that this node joined: {}", e.toString());
            }
        } finally {
            firstJoin.countDown();
        }
    }

    /**
     * Another node said that its users' routes are in the clustered caches: by its "new member"
     * task ({@code joined}) or by answering ours. A joined node is answered while this node is a
     * member, because this node's own announcement may have been sent while the other was fenced
     * (both lose their leases in a Redis fail-over, and rejoin one after the other): without an
     * answer its gate would hold its users' stanzas for the whole {@link RouteRebuildGate#HOLD}.
     */
    void announcedBy(String nodeId, boolean joined) {
        gate.announced(nodeId);
        if (joined && member) {
            try {
                answerAnnouncement.accept(nodeId);
            } catch (RuntimeException e) {
                Log.warn("Could not tell node {} that this node's routes are restored: {}", nodeId, e.toString());
            }
        }
    }

    @Override
    public void becameSenior() {
        Log.info("This node is now the senior cluster member");
        ClusterManager.fireMarkedAsSeniorClusterMember();
    }

    @Override
    public void memberJoined(MemberInfo other) {
        others.add(other.nodeId());
    }

    @Override
    public void memberLeft(MemberInfo other, boolean crashed) {
        others.remove(other.nodeId());
        if (cameBack(other)) {
            return;
        }
        byte[] id = other.nodeId().getBytes(StandardCharsets.UTF_8);
        Log.info("Cluster node {} ({}) {}", other.nodeId(), other.hostName(), crashed ? "is gone (crashed, frozen or cut off)" : "left");
        // Stanzas that were on their way to it go first: senders see its users offline only after this.
        if (!awaitTakeover.test(other.nodeId(), TAKEOVER_WAIT)) {
            Log.warn("Stanzas left for node {} are still being re-routed after {} s; announcing its departure anyway",
                    other.nodeId(), TAKEOVER_WAIT.toSeconds());
        }
        if (cameBack(other)) {
            return; // it rejoined while its queue, still consumed by it, was being waited for
        }
        gate.departed(other.nodeId());
        ClusterManager.fireLeftCluster(id);
        XMPPServer server = XMPPServer.getInstance();
        if (server != null && !server.isShuttingDown()) {
            // Directed presences sent to handlers on the departed node no longer have a recipient.
            server.getPresenceUpdateHandler().removedExpiredPresences();
        }
        NodeID.deleteInstance(id);
    }

    /**
     * Whether a newer incarnation of the departed node is a member already: the node lost its lease
     * (a Redis fail-over, a cut connection) and rejoined by itself, and its users stayed connected.
     * Its Openfire left and rejoined on its own side, which put its users' routes back into the
     * clustered caches; announcing its departure here would make core delete those routes (core
     * removes every route of a departed NodeID) and send its users' unavailable presences, and
     * stanzas for them would be stored offline while they are online. So nothing is announced,
     * and a rebuild gate that waits for the node keeps waiting for its announcement.
     */
    private boolean cameBack(MemberInfo departed) {
        Optional<MemberInfo> newer = newerIncarnation(departed);
        newer.ifPresent(m -> Log.info("Cluster node {} ({}) lost its lease and rejoined as #{} (was #{}); its users stayed connected and keep their routes",
                departed.nodeId(), departed.hostName(), m.joinOrder(), departed.joinOrder()));
        return newer.isPresent();
    }

    private Optional<MemberInfo> newerIncarnation(MemberInfo departed) {
        return members.get().stream()
                .filter(m -> m.nodeId().equals(departed.nodeId()) && m.joinOrder() > departed.joinOrder())
                .findFirst();
    }

    @Override
    public void leftCluster() {
        leaveLocally("Left the cluster");
    }

    @Override
    public void fenced() {
        knownBeforeFence = Set.copyOf(others);
        fencedAtNanos = System.nanoTime();
        others.clear();
        leaveLocally("Lost the cluster lease: stopped acting as a member until Redis answers again; local users stay connected");
    }

    private void leaveLocally(String message) {
        if (!member) {
            return;
        }
        member = false; // closes the route gate: new stanzas of users wait from here on
        Log.info(message);
        int stillRouting = gate.awaitRouted(ROUTED_WAIT);
        if (stillRouting > 0) {
            Log.info("{} stanza(s) of users still being routed after {} ms; leaving the cluster on Openfire's side anyway", stillRouting, ROUTED_WAIT.toMillis());
        }
        // As soon as core's caches are local, fenced operations go there (before core's listeners run:
        // a thread waiting in a fence may hold what one of them needs).
        LeftClusterWait.fireAndWait(LEFT_CLUSTER_WAIT, () -> standalone.accept(true));
        standalone.accept(true);
    }

    /**
     * Entry events of a cache were lost (a long disconnection, or Redis lost its data). Core builds
     * per-node lookups from those events and rebuilds them only while joining, so this node leaves
     * and rejoins on Openfire's side, as after a fence.
     */
    void resynchronise(String cacheName, long lost) {
        if (!member) {
            return;
        }
        Log.warn("Cache '{}' lost {} entry events; rebuilding Openfire's cluster state by leaving and rejoining locally",
                cacheName, lost < 0 ? "all" : Long.toString(lost));
        LeftClusterWait.fireAndWait(LEFT_CLUSTER_WAIT);
        ClusterManager.fireJoinedCluster(false);
        announce.accept(new NewClusterMemberJoinedTask());
    }
}
