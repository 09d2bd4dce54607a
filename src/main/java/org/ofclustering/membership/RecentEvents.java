package org.ofclustering.membership;

import java.util.ArrayDeque;
import java.util.List;

/** The latest membership changes, bounded, for status pages. */
final class RecentEvents {
    private final int capacity;
    private final ArrayDeque<ClusterEvent> events = new ArrayDeque<>();

    RecentEvents(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ClusterEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    synchronized List<ClusterEvent> snapshot() {
        return List.copyOf(events);
    }
}
