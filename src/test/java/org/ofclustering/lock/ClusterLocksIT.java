package org.ofclustering.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.cache.Concurrently;
import org.ofclustering.testsupport.JvmProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cluster locks with cached ownership between engine nodes (and a node in another JVM) on a real Redis. */
class ClusterLocksIT {
    private CacheNodes cluster;

    @BeforeEach
    void start() {
        cluster = new CacheNodes("lock");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** The Openfire pattern: lock(bare JID), read, write, unlock, from threads of two nodes. */
    @Test
    void onlyOneHolderAcrossNodesAndNoUpdateIsLost() throws Exception {
        ClusteredMap<String, Integer> a = cluster.node("node-a").open("Routing User Sessions", CacheLimits.NONE);
        ClusteredMap<String, Integer> b = cluster.node("node-b").open("Routing User Sessions", CacheLimits.NONE);
        a.put("n", 0);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int threadsPerNode = 3;
        int rounds = 40;
        Concurrently.run(2 * threadsPerNode, t -> {
            ClusteredMap<String, Integer> map = t % 2 == 0 ? a : b;
            for (int i = 0; i < rounds; i++) {
                Lock lock = map.getLock("alice@example.org");
                lock.lock();
                try {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    int n = map.get("n");
                    map.put("n", n + 1);
                    inside.decrementAndGet();
                } finally {
                    lock.unlock();
                }
            }
        });
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals(2 * threadsPerNode * rounds, b.get("n"), "read-modify-write under the lock lost updates");
    }

    /**
     * A section that touches no clustered cache at all (Openfire's pub-sub default node
     * configuration is such a section: it only uses the database) is exclusive too: when lock()
     * returns, the node holds the lock.
     */
    @Test
    void aSectionThatTouchesNoCacheIsExclusiveToo() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("Default Node Configurations", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("Default Node Configurations", CacheLimits.NONE);
        byte[] record = cluster.space.keyBytes("external", "record");
        cluster.admin().sync().set(record, "0".getBytes(StandardCharsets.US_ASCII));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int rounds = 30;
        Concurrently.run(4, t -> {
            ClusteredMap<String, String> map = t % 2 == 0 ? a : b;
            for (int i = 0; i < rounds; i++) {
                Lock lock = map.getLock("defaultConfig");
                lock.lock();
                try {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    // A read-modify-write of a record outside the caches (as a database row would be).
                    int n = Integer.parseInt(new String(cluster.admin().sync().get(record), StandardCharsets.US_ASCII));
                    cluster.admin().sync().set(record, Integer.toString(n + 1).getBytes(StandardCharsets.US_ASCII));
                    inside.decrementAndGet();
                } finally {
                    lock.unlock();
                }
            }
        });
        assertEquals(0, overlaps.get(), "two nodes inside a section that touches no cache");
        assertEquals(Integer.toString(4 * rounds), new String(cluster.admin().sync().get(record), StandardCharsets.US_ASCII),
                "updates of the external record were lost");
    }

    @Test
    void reentrantPerThreadAndExclusiveAcrossNodes() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("c", CacheLimits.NONE);
        Lock onA = a.getLock("bob@example.org");
        Lock onB = b.getLock("bob@example.org");
        onA.lock();
        onA.lock(); // re-entrant
        assertFalse(onB.tryLock(300, TimeUnit.MILLISECONDS), "node b must not get a lock node a holds");
        assertFalse(inOtherThread(() -> a.getLock("bob@example.org").tryLock(100, TimeUnit.MILLISECONDS)),
                "another thread of node a must not get it either");
        onA.unlock();
        assertFalse(onB.tryLock(200, TimeUnit.MILLISECONDS), "still held once");
        onA.unlock();
        assertTrue(onB.tryLock(5, TimeUnit.SECONDS), "node a hands the lock over after its last unlock");
        assertFalse(onA.tryLock(), "now node b holds it");
        onB.unlock();
        assertTrue(onA.tryLock(), "an owned but unused lock on another node counts as free for tryLock()");
        onA.unlock();
    }

    /** After unlock the node keeps the lock: its next lock() asks nobody; another node's request moves it. */
    @Test
    void ownershipStaysAfterUnlockAndMovesOnlyWhenAsked() throws Exception {
        ClusteredCaches nodeA = cluster.node("node-a");
        ClusteredCaches nodeB = cluster.node("node-b");
        ClusteredMap<String, String> a = nodeA.open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = nodeB.open("c", CacheLimits.NONE);
        for (int i = 0; i < 10; i++) {
            Lock lock = a.getLock("carol@example.org");
            lock.lock();
            lock.unlock();
        }
        LockCounters.Snapshot afterA = nodeA.locks().counters().snapshot();
        assertEquals(1, afterA.remoteAcquisitions(), "only the first lock() asked Redis");
        assertEquals(9, afterA.localAcquisitions(), "the next nine were local");
        assertEquals(1, nodeA.locks().ownedCount());

        Lock onB = b.getLock("carol@example.org");
        long t0 = System.nanoTime();
        onB.lock();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        onB.unlock();
        assertEquals(1, nodeA.locks().counters().snapshot().handOvers(), "node a handed the lock over");
        assertEquals(0, nodeA.locks().ownedCount());
        assertTrue(waited < nodeB.locks().settings().recheck().toMillis(),
                "the hand-over was pushed, not found by the recheck after " + waited + " ms");
        System.out.printf("hand-over of an idle lock to another node: %d ms%n", waited);
    }

    /** Nodes waiting for a lock get it in the order they asked for it. */
    @Test
    void waitingNodesAreServedInArrivalOrder() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> c = cluster.node("node-c").open("c", CacheLimits.NONE);
        Lock onA = a.getLock("dave@example.org");
        onA.lock();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch bQueued = new CountDownLatch(1);
        Thread waiterB = waiter(b, "b", order, bQueued);
        waiterB.start();
        assertFalse(bQueued.await(300, TimeUnit.MILLISECONDS), "b must wait while a holds the lock");
        Thread waiterC = waiter(c, "c", order, new CountDownLatch(1));
        waiterC.start();
        Thread.sleep(300); // c asks after b; both wait
        assertTrue(order.isEmpty());
        onA.unlock();
        waiterB.join(10_000);
        waiterC.join(10_000);
        assertEquals(List.of("b", "c"), order, "the lock went to the waiters out of their arrival order");
    }

    private static Thread waiter(ClusteredMap<String, String> map, String name, List<String> order, CountDownLatch got) {
        Thread t = new Thread(() -> {
            Lock lock = map.getLock("dave@example.org");
            lock.lock();
            try {
                order.add(name);
                got.countDown();
            } finally {
                lock.unlock();
            }
        }, "waiter-" + name);
        t.setDaemon(true);
        return t;
    }

    @Test
    void waitingForAnotherNodesLockCanBeInterrupted() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("c", CacheLimits.NONE);
        Lock onA = a.getLock("frank@example.org");
        onA.lock();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                b.getLock("frank@example.org").lockInterruptibly();
                outcome.complete("acquired");
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
            }
        });
        waiter.start();
        Thread.sleep(300);
        assertFalse(outcome.isDone(), "node b waits while node a holds the lock");
        waiter.interrupt();
        assertEquals("interrupted", outcome.get(10, TimeUnit.SECONDS));
        onA.unlock();
        Lock onB = b.getLock("frank@example.org");
        assertTrue(onB.tryLock(5, TimeUnit.SECONDS), "the interrupted wait left nothing behind");
        onB.unlock();
    }

    @Test
    void unlockByANonOwnerIsRefused() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("c", CacheLimits.NONE);
        Lock onA = a.getLock("k");
        assertThrows(IllegalMonitorStateException.class, onA::unlock, "unlock without lock");
        onA.lock();
        try {
            assertThrows(IllegalMonitorStateException.class, () -> b.getLock("k").unlock(), "another node");
            assertTrue(inOtherThread(() -> {
                try {
                    a.getLock("k").unlock();
                    return false;
                } catch (IllegalMonitorStateException expected) {
                    return true;
                }
            }), "another thread of the owning node");
            assertThrows(UnsupportedOperationException.class, onA::newCondition);
        } finally {
            onA.unlock();
        }
        assertTrue(b.getLock("k").tryLock(5, TimeUnit.SECONDS), "the refused unlocks changed nothing and the owner's unlock freed it");
        b.getLock("k").unlock();
    }

    /** A killed member's locks end with its membership lease: nothing per lock needs to expire. */
    @Test
    void aKilledMembersLockIsTakenOverWhenItsLeaseEnds() throws Exception {
        long heartbeat = 200;
        long lease = 1500;
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        try (JvmProcess holder = JvmProcess.start("lock-holder", LockHolderMain.class, List.of("-Xmx96m"),
                cluster.clusterName, "c", "carol@example.org", Long.toString(heartbeat), Long.toString(lease))) {
            holder.awaitLine("LOCKED", Duration.ofSeconds(60));
            Lock lock = a.getLock("carol@example.org");
            assertFalse(lock.tryLock(2 * lease, TimeUnit.MILLISECONDS), "the live holder keeps its lock past its lease length");
            holder.kill();
            long killed = System.nanoTime();
            assertTrue(lock.tryLock(30, TimeUnit.SECONDS), "the lock of a killed member was never taken over");
            System.out.printf("lock of the killed member acquired %d ms after kill -9 (membership lease %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), lease);
            lock.unlock();
        }
    }

    /**
     * A listed single-read call site reads a lock owned by another node without moving it; a
     * listed site that does more is turned into a real hold at its second operation.
     */
    @Test
    void aSingleReadSectionLeavesTheLockWithItsOwner() throws Exception {
        ClusteredCaches nodeA = cluster.node("node-a");
        ClusteredCaches nodeB = cluster.node("node-b");
        nodeB.locks().useSingleReadSites(new SingleReadSites(Set.of(
                ClusterLocksIT.class.getName() + "#singleRead", ClusterLocksIT.class.getName() + "#twoReads")));
        ClusteredMap<String, String> a = nodeA.open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = nodeB.open("c", CacheLimits.NONE);
        Lock onA = a.getLock("erin@example.org");
        onA.lock();
        a.put("erin@example.org/phone", "route-1");
        onA.unlock(); // node a owns the lock from now on

        for (int i = 0; i < 5; i++) {
            assertEquals("route-1", singleRead(b));
        }
        assertEquals(0, nodeA.locks().counters().snapshot().handOvers(), "a single-read section took the lock away");
        assertEquals(5, nodeB.locks().counters().snapshot().singleReads());
        assertEquals(1, nodeA.locks().ownedCount());

        onA.lock();
        a.put("erin@example.org/phone", "route-2");
        onA.unlock();
        assertEquals("route-2", singleRead(b), "the read sees the owner's completed write");

        assertEquals("route-2route-2", twoReads(b));
        assertEquals(1, nodeA.locks().counters().snapshot().handOvers(), "the second read made the section take the lock");
        assertEquals(1, nodeB.locks().ownedCount());
    }

    /**
     * A listed read-only call site reads as often as it likes from a lock owned by another node
     * without moving it; a write in it first takes the lock for real.
     */
    @Test
    void aReadOnlySectionReadsManyTimesAndAWriteTakesTheLock() throws Exception {
        ClusteredCaches nodeA = cluster.node("node-a");
        ClusteredCaches nodeB = cluster.node("node-b");
        nodeB.locks().useSingleReadSites(new SingleReadSites(Set.of(),
                Set.of(ClusterLocksIT.class.getName() + "#readOnlySection", ClusterLocksIT.class.getName() + "#readThenWrite")));
        ClusteredMap<String, String> a = nodeA.open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = nodeB.open("c", CacheLimits.NONE);
        Lock onA = a.getLock("erin@example.org");
        onA.lock();
        a.put("erin@example.org/phone", "route-1");
        onA.unlock(); // node a owns the lock from now on

        for (int i = 0; i < 5; i++) {
            assertEquals("route-1route-1route-1", readOnlySection(b));
        }
        assertEquals(0, nodeA.locks().counters().snapshot().handOvers(), "a read-only section took the lock away");
        assertEquals(1, nodeA.locks().ownedCount());

        readThenWrite(b);
        assertEquals(1, nodeA.locks().counters().snapshot().handOvers(), "the write made the section take the lock");
        assertEquals(1, nodeB.locks().ownedCount());
        assertEquals("written", a.get("erin@example.org/phone"));
    }

    private static String readOnlySection(ClusteredMap<String, String> map) {
        Lock lock = map.getLock("erin@example.org");
        lock.lock();
        try {
            return map.get("erin@example.org/phone") + map.get("erin@example.org/phone") + map.get("erin@example.org/phone");
        } finally {
            lock.unlock();
        }
    }

    private static void readThenWrite(ClusteredMap<String, String> map) {
        Lock lock = map.getLock("erin@example.org");
        lock.lock();
        try {
            map.get("erin@example.org/phone");
            map.put("erin@example.org/phone", "written");
        } finally {
            lock.unlock();
        }
    }

    private static String singleRead(ClusteredMap<String, String> map) {
        Lock lock = map.getLock("erin@example.org");
        lock.lock();
        try {
            return map.get("erin@example.org/phone");
        } finally {
            lock.unlock();
        }
    }

    private static String twoReads(ClusteredMap<String, String> map) {
        Lock lock = map.getLock("erin@example.org");
        lock.lock();
        try {
            return map.get("erin@example.org/phone") + map.get("erin@example.org/phone");
        } finally {
            lock.unlock();
        }
    }

    private static boolean inOtherThread(java.util.concurrent.Callable<Boolean> task) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            return one.submit(task).get(30, TimeUnit.SECONDS);
        } finally {
            one.shutdownNow();
        }
    }
}
