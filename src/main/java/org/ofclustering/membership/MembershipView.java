package org.ofclustering.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable picture of the live members at a membership epoch, ordered by join order (the
 * first is the senior member). Comparing two views yields who left and who joined; a node id seen
 * with a new join order is a new incarnation, i.e. the old one left and a new one joined.
 */
final class MembershipView {
    private static final Logger Log = LoggerFactory.getLogger(MembershipService.class);
    static final MembershipView EMPTY = new MembershipView(-1, List.of());

    private final long epoch;
    private final Map<String, MemberInfo> byId;

    private MembershipView(long epoch, Collection<MemberInfo> members) {
        this.epoch = epoch;
        List<MemberInfo> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparingLong(MemberInfo::joinOrder));
        Map<String, MemberInfo> map = new LinkedHashMap<>();
        sorted.forEach(m -> map.put(m.nodeId(), m));
        this.byId = Collections.unmodifiableMap(map);
    }

    static MembershipView of(long epoch, Collection<MemberInfo> members) {
        return new MembershipView(epoch, members);
    }

    /** Parses registry entries (node id → entry text); an unreadable entry is logged and left out. */
    static MembershipView fromEntries(long epoch, Map<String, String> entries) {
        List<MemberInfo> members = new ArrayList<>();
        entries.forEach((id, text) -> {
            try {
                members.add(MemberInfoCodec.decode(id, text));
            } catch (IllegalStateException e) {
                Log.warn("Ignoring a registry entry: {}", e.getMessage());
            }
        });
        return new MembershipView(epoch, members);
    }

    long epoch() {
        return epoch;
    }

    Collection<MemberInfo> members() {
        return byId.values();
    }

    MemberInfo get(String nodeId) {
        return byId.get(nodeId);
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The live member with the lowest join order, or null when there is none. */
    MemberInfo senior() {
        return byId.isEmpty() ? null : byId.values().iterator().next();
    }

    /** The largest join order in this view, 0 when empty. */
    long highestJoinOrder() {
        return byId.values().stream().mapToLong(MemberInfo::joinOrder).max().orElse(0);
    }

    /** Join orders of every member, for the registry to report departures against. */
    List<Long> joinOrders() {
        return byId.values().stream().map(MemberInfo::joinOrder).toList();
    }

    /** Members of this view that are not (as the same incarnation) in {@code next}, in join order. */
    List<MemberInfo> departedIn(MembershipView next) {
        List<MemberInfo> gone = new ArrayList<>();
        for (MemberInfo m : byId.values()) {
            MemberInfo now = next.byId.get(m.nodeId());
            if (now == null || now.joinOrder() != m.joinOrder()) {
                gone.add(m);
            }
        }
        return gone;
    }

    /** Members of {@code next} that are not (as the same incarnation) in this view, in join order. */
    List<MemberInfo> arrivedIn(MembershipView next) {
        return next.departedIn(this);
    }

    /** Members whose plugin version differs from the senior member's (empty when all agree). */
    List<MemberInfo> versionMismatches() {
        MemberInfo senior = senior();
        if (senior == null) {
            return List.of();
        }
        return byId.values().stream().filter(m -> !m.version().equals(senior.version())).toList();
    }
}
