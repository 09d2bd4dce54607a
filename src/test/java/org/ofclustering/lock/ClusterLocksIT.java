package org.ofclustering.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.cache.Concurrently;
import org.ofclustering.testsupport.JvmProcess;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cluster locks between two engine nodes (and a node in another JVM) on a real Redis. */
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

    private static CacheSettings settings(boolean pipelined, long leaseMillis) {
        return CacheSettings.defaults().withLocks(LockSettings.defaults()
                .withPipelinedAcquire(pipelined).withLease(Duration.ofMillis(leaseMillis)));
    }

    /** The Openfire pattern: lock(bare JID), read, write, unlock, from threads of two nodes. */
    @ParameterizedTest(name = "pipelined acquisition: {0}")
    @ValueSource(booleans = {true, false})
    void onlyOneHolderAcrossNodesAndNoUpdateIsLost(boolean pipelined) throws Exception {
        ClusteredMap<String, Integer> a = cluster.node("node-a", settings(pipelined, 10_000)).open("Routing User Sessions", CacheLimits.NONE);
        ClusteredMap<String, Integer> b = cluster.node("node-b", settings(pipelined, 10_000)).open("Routing User Sessions", CacheLimits.NONE);
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
                    int n = map.get("n"); // from here on Redis has granted the lock
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
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

    @Test
    void reentrantPerThreadAndExclusiveAcrossNodes() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("c", CacheLimits.NONE);
        Lock onA = a.getLock("bob@example.org");
        Lock onB = b.getLock("bob@example.org");
        onA.lock();
        onA.lock(); // re-entrant
        assertNull(a.get("x"), "a missing entry read together with the acquisition");
        assertFalse(onB.tryLock(300, TimeUnit.MILLISECONDS), "node b must not get a lock node a holds");
        assertFalse(inOtherThread(() -> a.getLock("bob@example.org").tryLock(100, TimeUnit.MILLISECONDS)),
                "another thread of node a must not get it either");
        onA.unlock();
        assertFalse(onB.tryLock(200, TimeUnit.MILLISECONDS), "still held once");
        onA.unlock();
        assertTrue(onB.tryLock(5, TimeUnit.SECONDS), "free after the last unlock");
        assertFalse(onA.tryLock(), "now node b holds it");
        onB.unlock(); // the release travels without waiting: another node may see it a round trip later
        assertTrue(onA.tryLock(5, TimeUnit.SECONDS));
        onA.unlock();
    }

    @Test
    void waitingForAnotherNodesLockCanBeInterrupted() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a").open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b").open("c", CacheLimits.NONE);
        Lock onA = a.getLock("frank@example.org");
        onA.lock();
        a.get("k");
        java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();
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

    @Test
    void aHeldLockOutlivesItsLeaseWhileTheHolderRuns() throws Exception {
        ClusteredMap<String, String> a = cluster.node("node-a", settings(true, 1200)).open("c", CacheLimits.NONE);
        ClusteredMap<String, String> b = cluster.node("node-b", settings(true, 1200)).open("c", CacheLimits.NONE);
        Lock onA = a.getLock("k");
        onA.lock();
        try {
            a.get("k"); // the acquisition travels with the first clustered operation
            Thread.sleep(3000); // then 2.5 leases without any: the watchdog renews
            assertFalse(b.getLock("k").tryLock(200, TimeUnit.MILLISECONDS));
        } finally {
            onA.unlock();
        }
        assertTrue(b.getLock("k").tryLock(5, TimeUnit.SECONDS));
        b.getLock("k").unlock();
    }

    @Test
    void aKilledHoldersLockFreesItselfWhenItsLeaseEnds() throws Exception {
        long lease = 3000;
        ClusteredMap<String, String> a = cluster.node("node-a", settings(true, lease)).open("c", CacheLimits.NONE);
        try (JvmProcess holder = JvmProcess.start("lock-holder", LockHolderMain.class, List.of(),
                cluster.clusterName, "c", "carol@example.org", Long.toString(lease))) {
            holder.awaitLine("LOCKED", Duration.ofSeconds(60));
            Lock lock = a.getLock("carol@example.org");
            assertFalse(lock.tryLock(2 * lease, TimeUnit.MILLISECONDS), "the live holder keeps renewing its lease");
            holder.kill();
            long killed = System.nanoTime();
            assertTrue(lock.tryLock(30, TimeUnit.SECONDS), "the lock of a killed node never freed itself");
            System.out.printf("lock of the killed node acquired %d ms after kill -9 (lease %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), lease);
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
