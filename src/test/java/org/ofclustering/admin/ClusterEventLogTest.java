package org.ofclustering.admin;

import org.junit.jupiter.api.Test;
import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MemberInfo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterEventLogTest {
    private static MemberInfo member(String id) {
        return new MemberInfo(id, id + ".example.com", 1, 0, null, 0, "1.0.0");
    }

    @Test
    void keepsTheNewestEventsFirstUpToItsCapacity() {
        ClusterEventLog log = new ClusterEventLog(3, Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), () -> "local");
        log.memberJoined(member("a"));
        log.memberJoined(member("b"));
        log.memberLeft(member("a"), true);
        log.memberLeft(member("b"), false);
        log.fenced();
        List<ClusterEvent> events = log.newestFirst();
        assertEquals(List.of(ClusterEvent.Kind.FENCED, ClusterEvent.Kind.LEFT, ClusterEvent.Kind.CRASHED),
                events.stream().map(ClusterEvent::kind).toList());
        assertEquals(List.of("local", "b", "a"), events.stream().map(ClusterEvent::nodeId).toList());
        assertEquals("b.example.com", events.get(1).detail());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), events.get(0).time());
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterEventLog(0, Clock.systemUTC(), () -> "x"));
    }
}
