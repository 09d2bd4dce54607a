package org.ofclustering.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.openfire.RoutingEntryGuards;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing entries under a bare-JID lock this node owns are served from memory, and stay exact:
 * a write under the lock by this node updates the copy, another node must take the lock away
 * first (which voids the copy), and a write by another node without the lock drops it.
 */
class GuardedCopiesIT {
    private static final String BARE = "alice@example.org";
    private static final String FULL = BARE + "/phone";

    private CacheNodes cluster;
    private ClusteredMap<String, String> sessionsA;
    private ClusteredMap<String, String> usersA;
    private ClusteredMap<String, String> sessionsB;
    private ClusteredMap<String, String> usersB;

    @BeforeEach
    void start() {
        cluster = new CacheNodes("copies");
        ClusteredCaches a = cluster.node("node-a");
        ClusteredCaches b = cluster.node("node-b");
        a.useEntryGuards(new RoutingEntryGuards());
        b.useEntryGuards(new RoutingEntryGuards());
        sessionsA = a.open("Routing User Sessions", CacheLimits.NONE);
        usersA = a.open("Routing Users Cache", CacheLimits.NONE);
        sessionsB = b.open("Routing User Sessions", CacheLimits.NONE);
        usersB = b.open("Routing Users Cache", CacheLimits.NONE);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void readsUnderAnOwnedLockAskRedisNothing() {
        usersA.put(FULL, "route-a");
        assertEquals("route-a", lockedRead(sessionsA, usersA), "the first locked read fills the copy");
        long before = hgetCalls();
        for (int i = 0; i < 50; i++) {
            assertEquals("route-a", lockedRead(sessionsA, usersA));
        }
        long locked = hgetCalls() - before;
        before = hgetCalls();
        for (int i = 0; i < 50; i++) {
            assertEquals("route-a", usersA.get(FULL));
        }
        long unlocked = hgetCalls() - before;
        assertTrue(locked <= 2, "50 locked reads of an owned lock sent " + locked + " HGETs");
        assertTrue(unlocked >= 50, "50 reads without the lock sent only " + unlocked + " HGETs");
        assertTrue(usersA.guardedCopies() >= 1);
    }

    @Test
    void writesUnderTheOwnedLockKeepTheCopyExact() {
        Lock lock = sessionsA.getLock(BARE);
        lock.lock();
        try {
            assertNull(usersA.get(FULL));
            usersA.put(FULL, "route-1");
            assertEquals("route-1", usersA.get(FULL));
            assertTrue(usersA.containsKey(FULL));
            sessionsA.put(BARE, "phone");
            assertEquals("phone", sessionsA.get(BARE));
            usersA.remove(FULL);
            assertNull(usersA.get(FULL));
            assertFalse(usersA.containsKey(FULL));
            usersA.put(FULL, "route-2");
        } finally {
            lock.unlock();
        }
        assertEquals("route-2", usersB.get(FULL), "every write reached Redis");
        assertEquals("route-2", lockedRead(sessionsA, usersA));
    }

    /** The other node must take the lock away before it writes under it: the next locked read here is exact at once. */
    @Test
    void aWriteUnderTheLockOnAnotherNodeIsSeenAtOnce() {
        usersA.put(FULL, "route-a");
        assertEquals("route-a", lockedRead(sessionsA, usersA));
        Lock onB = sessionsB.getLock(BARE);
        onB.lock();
        try {
            usersB.put(FULL, "route-b");
        } finally {
            onB.unlock();
        }
        assertEquals("route-b", lockedRead(sessionsA, usersA), "a copy of a handed-over ownership was used");
    }

    /** A writer that does not take the lock (Openfire's clean-up after a node left) is seen through its entry event. */
    @Test
    void aWriteWithoutTheLockOnAnotherNodeDropsTheCopy() throws Exception {
        usersA.put(FULL, "route-a");
        assertEquals("route-a", lockedRead(sessionsA, usersA));
        usersB.remove(FULL);
        CacheNodes.eventually("node a's copy is dropped by node b's removal event", Duration.ofSeconds(10),
                () -> lockedRead(sessionsA, usersA) == null);
    }

    private static String lockedRead(ClusteredMap<String, String> sessions, ClusteredMap<String, String> users) {
        Lock lock = sessions.getLock(BARE);
        lock.lock();
        try {
            return users.get(FULL);
        } finally {
            lock.unlock();
        }
    }

    private long hgetCalls() {
        String info = cluster.admin().sync().info("commandstats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_hget:calls=")) {
                return Long.parseLong(line.substring("cmdstat_hget:calls=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }
}
