package org.ofclustering.membership;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipSettingsTest {

    @Test
    void defaultsFenceOneHeartbeatBeforeTheLeaseEnds() {
        MembershipSettings d = MembershipSettings.DEFAULTS;
        assertEquals(Duration.ofMillis(500), d.heartbeatInterval());
        assertEquals(Duration.ofMillis(2500), d.leaseLength());
        assertEquals(Duration.ofSeconds(2), d.renewalDeadline());
        assertEquals(Duration.ofMillis(100), d.connectionWatch());
        assertTrue(d.autoRejoin());
    }

    @Test
    void aConnectionWatchIsOffOrAtLeastTenMilliseconds() {
        assertTrue(MembershipSettings.DEFAULTS.withConnectionWatch(Duration.ZERO).connectionWatch().isZero());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MembershipSettings.DEFAULTS.withConnectionWatch(Duration.ofMillis(5)));
        assertTrue(e.getMessage().contains("5 ms"), e.getMessage());
    }

    @Test
    void theDeadlineAlwaysLeavesTheDriftMarginBeforeTheLeaseEnds() {
        for (long lease : new long[]{300, 1000, 1500, 5000, 30_000, 600_000}) {
            for (long heartbeat : new long[]{10, 50, 100, 300, 1000}) {
                if (heartbeat * 2 > lease - Math.max(100, lease / 20)) {
                    continue;
                }
                MembershipSettings s = MembershipSettings.of(Duration.ofMillis(heartbeat), Duration.ofMillis(lease));
                assertTrue(s.renewalDeadline().plus(s.driftMargin()).compareTo(s.leaseLength()) <= 0, s.toString());
            }
        }
    }

    @Test
    void aDeadlineTooCloseToTheLeaseIsRefusedWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MembershipSettings(
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(4900), Duration.ofSeconds(1), true));
        assertTrue(e.getMessage().contains("4900") && e.getMessage().contains("250"), e.getMessage());
    }

    @Test
    void aDeadlineShorterThanTwoHeartbeatsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MembershipSettings(
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(1500), Duration.ofSeconds(1), true));
    }
}
