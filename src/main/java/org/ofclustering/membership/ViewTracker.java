package org.ofclustering.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive views of the registry into listener events, exactly once each: a member that
 * appears is announced once, a member (incarnation) that disappears is announced once with its
 * departure reason, and seniority and plugin-version differences are reported when they arise.
 * Used on the heartbeat thread only; {@link #view()} may be read from any thread.
 */
final class ViewTracker {
    private static final Logger Log = LoggerFactory.getLogger(MembershipService.class);

    private final String localNodeId;
    private final MembershipEvents events;
    private final ClusterClock clock;
    private final RecentEvents recent = new RecentEvents(100);
    private final Set<String> reportedMismatches = new HashSet<>();
    private volatile MembershipView view = MembershipView.EMPTY;
    private volatile Map<String, Long> leaseRemaining = Map.of();
    private volatile long observedAtNanos;
    private boolean senior;

    ViewTracker(String localNodeId, MembershipEvents events, ClusterClock clock) {
        this.localNodeId = localNodeId;
        this.events = events;
        this.clock = clock;
    }

    MembershipView view() {
        return view;
    }

    List<ClusterEvent> recentEvents() {
        return recent.snapshot();
    }

    /** This node (re)joined: the view it joined into becomes current, members in it are not announced. */
    void joined(MembershipView joinedView, boolean rejoin) {
        view = joinedView;
        senior = false;
        MemberInfo self = joinedView.get(localNodeId);
        checkVersions(); // before the events, so that listeners already see it in the status
        record(rejoin ? ClusterEvent.Kind.REJOINED : ClusterEvent.Kind.JOINED, localNodeId, "#" + self.joinOrder());
        events.fire("joinedCluster", l -> l.joinedCluster(self, rejoin));
        checkSenior();
    }

    /** A newer view arrived: announces departures (with their reasons by join order), then arrivals. */
    void apply(MembershipView next, Map<Long, String> reasons) {
        MembershipView previous = view;
        view = next;
        checkVersions();
        for (MemberInfo gone : previous.departedIn(next)) {
            if (gone.nodeId().equals(localNodeId)) {
                continue;
            }
            String reason = reasons.getOrDefault(gone.joinOrder(), "");
            boolean crashed = !"left".equals(reason);
            String why = reason.isEmpty() || "crashed".equals(reason) ? "lease expired" : reason;
            Log.info("Member {} ({}, #{}) {}: {}", gone.nodeId(), gone.hostName(), gone.joinOrder(),
                    crashed ? "is gone" : "left", why);
            record(crashed ? ClusterEvent.Kind.CRASHED : ClusterEvent.Kind.LEFT, gone.nodeId(), "#" + gone.joinOrder() + " " + why);
            events.fire("memberLeft", l -> l.memberLeft(gone, crashed));
        }
        for (MemberInfo added : previous.arrivedIn(next)) {
            if (added.nodeId().equals(localNodeId)) {
                continue;
            }
            Log.info("Member {} ({}) joined as #{}", added.nodeId(), added.hostName(), added.joinOrder());
            record(ClusterEvent.Kind.JOINED, added.nodeId(), "#" + added.joinOrder());
            events.fire("memberJoined", l -> l.memberJoined(added));
        }
        checkSenior();
    }

    /** Lease time left per member (Redis PTTL) as reported by a renewal answered at {@code atNanos}. */
    void observeLeases(Map<String, Long> remainingMs, long atNanos) {
        leaseRemaining = remainingMs;
        observedAtNanos = atNanos;
    }

    /** Members with their lease time left and age, estimated from the last observation. */
    List<MembershipStatus.MemberLease> memberLeases(long leaseLengthMs) {
        Map<String, Long> remaining = leaseRemaining;
        long since = (System.nanoTime() - observedAtNanos) / 1_000_000;
        List<MembershipStatus.MemberLease> leases = new ArrayList<>();
        for (MemberInfo m : view.members()) {
            Long r = remaining.get(m.nodeId());
            leases.add(r == null
                    ? new MembershipStatus.MemberLease(m, -1, -1)
                    : new MembershipStatus.MemberLease(m, Math.max(0, r - since), leaseLengthMs - r + since));
        }
        return leases;
    }

    /** This node is no longer a member (stopped or fenced): it knows no members. */
    void clear() {
        view = MembershipView.EMPTY;
        leaseRemaining = Map.of();
        senior = false;
    }

    void record(ClusterEvent.Kind kind, String nodeId, String detail) {
        recent.add(new ClusterEvent(Instant.ofEpochMilli(clock.now()), kind, nodeId, detail));
    }

    private void checkSenior() {
        MemberInfo oldest = view.senior();
        if (!senior && oldest != null && oldest.nodeId().equals(localNodeId)) {
            senior = true;
            Log.info("This node is now the senior member (#{})", oldest.joinOrder());
            record(ClusterEvent.Kind.SENIOR, localNodeId, "#" + oldest.joinOrder());
            events.fire("becameSenior", MembershipListener::becameSenior);
        }
    }

    private void checkVersions() {
        MemberInfo oldest = view.senior();
        for (MemberInfo m : view.versionMismatches()) {
            if (reportedMismatches.add(m.nodeId() + "#" + m.joinOrder())) {
                Log.warn("Member {} ({}) runs plugin version {} but the cluster's senior member {} runs {}; "
                        + "run one version on every node", m.nodeId(), m.hostName(), m.version(), oldest.nodeId(), oldest.version());
                record(ClusterEvent.Kind.VERSION_MISMATCH, m.nodeId(), m.version() + " vs " + oldest.version());
            }
        }
    }
}
