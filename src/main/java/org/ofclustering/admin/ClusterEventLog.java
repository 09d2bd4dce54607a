package org.ofclustering.admin;

import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The "recent cluster events" of the status page: the last {@code capacity} membership events this
 * node saw, newest first. Register it with the cluster view ({@code view.addListener(log)}); other
 * components may add their own notices with {@link #record}.
 */
public final class ClusterEventLog implements MembershipListener {
    private final int capacity;
    private final Clock clock;
    private final Supplier<String> localNodeId;
    private final Deque<ClusterEvent> events = new ArrayDeque<>();

    /**
     * @param capacity    how many events to keep (older ones are dropped)
     * @param clock       time source of the events
     * @param localNodeId this node's id, for the events that concern this node
     */
    public ClusterEventLog(int capacity, Clock clock, Supplier<String> localNodeId) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.localNodeId = localNodeId;
    }

    public void record(ClusterEvent.Kind kind, String nodeId, String detail) {
        ClusterEvent event = new ClusterEvent(clock.instant(), kind, nodeId, detail);
        synchronized (events) {
            events.addFirst(event);
            while (events.size() > capacity) {
                events.removeLast();
            }
        }
    }

    /** The kept events, newest first. */
    public List<ClusterEvent> newestFirst() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    @Override
    public void memberJoined(MemberInfo member) {
        record(ClusterEvent.Kind.JOINED, member.nodeId(), member.hostName());
    }

    @Override
    public void memberLeft(MemberInfo member, boolean crashed) {
        record(crashed ? ClusterEvent.Kind.CRASHED : ClusterEvent.Kind.LEFT, member.nodeId(), member.hostName());
    }

    @Override
    public void becameSenior() {
        record(ClusterEvent.Kind.SENIOR, localNodeId.get(), null);
    }

    @Override
    public void fenced() {
        record(ClusterEvent.Kind.FENCED, localNodeId.get(), null);
    }
}
