package org.ofclustering.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of the last N tasks this node accepted. After a connection loss the broker redelivers
 * every unacknowledged message; those this node already accepted (ran, or still has queued)
 * are recognised here and not run twice.
 */
final class RecentDeliveries {
    private final int capacity;
    private final Map<String, Boolean> ids;

    RecentDeliveries(int capacity) {
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentDeliveries.this.capacity;
            }
        };
    }

    /** Records the id; false when it was seen before. */
    synchronized boolean firstTime(String id) {
        if (capacity == 0 || id == null) {
            return true;
        }
        return ids.put(id, Boolean.TRUE) == null;
    }
}
