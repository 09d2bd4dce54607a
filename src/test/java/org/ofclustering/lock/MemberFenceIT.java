package org.ofclustering.lock;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.membership.LeaseGuard;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.JvmProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No two nodes act on one lock or entry across a fence: a member whose lease ended (frozen, cut
 * off) can neither keep using a lock the others have taken over nor change a clustered entry,
 * even when it has not noticed yet.
 */
class MemberFenceIT {
    private static final long HEARTBEAT_MS = 200;
    private static final long MEMBERSHIP_LEASE_MS = 1500;
    private static final String KEY = "alice@example.org";

    private CacheNodes cluster;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new CacheNodes("fence");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        cluster.close();
    }

    /**
     * The holder of a lock is frozen (SIGSTOP) for longer than its leases. The survivor declares it
     * dead, takes the lock and writes; when the holder resumes, still "inside" its critical
     * section, its write is refused and the survivor's value stays; its release of the lost lock
     * does not free the survivor's; it gets the lock again only after the survivor released it.
     */
    @Test
    void aFrozenHolderNeverActsOnTheLockTheSurvivorTookOver() throws Exception {
        ClusteredCaches survivorCaches = cluster.node("survivor");
        MembershipService survivor = member("survivor");
        CountDownLatch holderLeft = new CountDownLatch(1);
        survivor.addListener(new MembershipListener() {
            @Override
            public void memberLeft(MemberInfo member, boolean crashed) {
                if (member.nodeId().equals("holder")) {
                    holderLeft.countDown();
                }
            }
        });
        survivorCaches.locks().fence().guardWith(survivor);
        survivor.start();
        ClusteredMap<String, String> routes = survivorCaches.open("routes", CacheLimits.NONE);

        try (JvmProcess holder = JvmProcess.start("fenced-holder", FencedHolderMain.class, List.of("-Xmx96m"),
                cluster.clusterName, "routes", KEY, Long.toString(HEARTBEAT_MS), Long.toString(MEMBERSHIP_LEASE_MS))) {
            holder.awaitLine("LOCKED", Duration.ofSeconds(60));
            assertEquals("holder-1", routes.get(KEY));

            SurvivorSection section = new SurvivorSection(routes.getLock(KEY), routes);
            section.start();
            assertFalse(section.acquired.await(2 * MEMBERSHIP_LEASE_MS, TimeUnit.MILLISECONDS),
                    "the live holder keeps its lock beyond its membership lease: nothing per lock expires");

            long frozen = System.nanoTime();
            holder.freeze();
            assertTrue(holderLeft.await(10, TimeUnit.SECONDS), "the survivor never declared the frozen holder dead");
            assertTrue(section.acquired.await(15, TimeUnit.SECONDS), "the survivor never got the frozen holder's lock");
            System.out.printf("fence: survivor took the frozen holder's lock %d ms after SIGSTOP (membership lease %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen), MEMBERSHIP_LEASE_MS);
            assertEquals("survivor", routes.get(KEY));

            holder.resume();
            holder.send("write");
            // Refused either for the lease (still fenced) or, once it rejoined meanwhile, for the lock lost with that lease.
            String write = holder.awaitLine("WRITE", Duration.ofSeconds(20));
            assertTrue(write.equals("WRITE refused NodeFencedException") || write.equals("WRITE refused ClusterLockLostException"), write);
            assertEquals("survivor", routes.get(KEY), "the fenced holder changed the entry");

            holder.send("unlock"); // the holder's critical section ends; the lock it lost stays the survivor's
            holder.awaitLine("UNLOCKED", Duration.ofSeconds(20));
            // the holder may have rejoined before or after its write and unlock; either order is fine
            holder.awaitPrinted(l -> l.startsWith("EVENT self-joined") && l.contains("rejoin=true"), Duration.ofSeconds(20));
            holder.send("relock");
            assertEquals("RELOCK busy", holder.awaitLine("RELOCK", Duration.ofSeconds(20)),
                    "after rejoining, the holder must wait for the survivor's lock");

            section.release.countDown();
            section.join(10_000);
            holder.send("relock");
            assertEquals("RELOCK granted", holder.awaitLine(l -> l.startsWith("RELOCK") && !l.equals("RELOCK busy"),
                    Duration.ofSeconds(20)));
            assertEquals("survivor", routes.get(KEY));
        }
    }

    /**
     * A thread that checked its lease, then froze while the others declared it dead, sends its
     * command later: Redis itself refuses it, as the lease key no longer holds its token. Covered
     * for a lease that is gone and for one that belongs to a newer membership period.
     */
    @Test
    void redisRefusesAWriterThatMissedItsFence() throws Exception {
        MembershipService membership = member("writer");
        membership.start();
        long staleToken = membership.fencingToken();
        LeaseGuard believesItIsValid = new LeaseGuard() {
            @Override
            public boolean holdsValidLease() {
                return true;
            }

            @Override
            public long fencingToken() {
                return staleToken;
            }

            @Override
            public String leaseKey() {
                return membership.leaseKey();
            }
        };
        ClusteredCaches writer = cluster.node("writer");
        writer.locks().fence().guardWith(believesItIsValid);
        // This guard never notices its fence: do not wait long for a standing that cannot come.
        writer.locks().fence().transitionWait(Duration.ofMillis(300));
        ClusteredMap<String, String> routes = writer.open("routes", CacheLimits.NONE);
        ClusteredCaches other = cluster.node("other");
        ClusteredMap<String, String> seenByOther = other.open("routes", CacheLimits.NONE);

        routes.put(KEY, "before");
        Lock lock = routes.getLock(KEY);
        lock.lock();
        try {
            assertEquals("before", routes.get(KEY), "while the lease lives, the lock and the write go through");
        } finally {
            lock.unlock();
        }

        membership.stop(); // the lease key is gone: the others treat the node as departed
        assertRefused(routes);
        assertEquals("before", seenByOther.get(KEY));

        membership.start(); // a new period: the lease key holds a newer token
        assertNotEquals(staleToken, membership.fencingToken());
        assertRefused(routes);
        Lock othersLock = seenByOther.getLock(KEY);
        assertTrue(othersLock.tryLock(5, TimeUnit.SECONDS), "a refused acquisition left the lock taken");
        try {
            seenByOther.put(KEY, "other");
        } finally {
            othersLock.unlock();
        }
        assertEquals("other", seenByOther.get(KEY));
    }

    /**
     * Redis loses a held lock (as in a failover to a replica that had not received it) while its
     * holder is still a member and still inside its critical section. Another node takes the lock
     * and writes; the first holder's write under the lost lock is refused, naming the lock.
     */
    @Test
    void aWriteUnderALockRedisLostIsRefused() throws Exception {
        ClusteredMap<String, String> onA = cluster.node("node-a").open("routes", CacheLimits.NONE);
        ClusteredMap<String, String> onB = cluster.node("node-b").open("routes", CacheLimits.NONE);
        onA.put(KEY, "before");
        Lock lockOfA = onA.getLock(KEY);
        lockOfA.lock();
        try {
            assertEquals("before", onA.get(KEY));
            onA.put(KEY, "a-1"); // while the lock lives, writes under it go through

            String pattern = "ofc:{" + cluster.clusterName + ":membership}:lock:*";
            List<byte[]> lockKeys = cluster.admin().sync().keys(pattern);
            assertEquals(1, lockKeys.size(), "the lock key of " + KEY);
            cluster.admin().sync().del(lockKeys.get(0));

            Lock lockOfB = onB.getLock(KEY);
            assertTrue(lockOfB.tryLock(5, TimeUnit.SECONDS), "the lost lock is free for another node");
            try {
                onB.put(KEY, "b");
                ClusterLockLostException refused = assertThrows(ClusterLockLostException.class, () -> onA.put(KEY, "a-2"));
                assertTrue(refused.getMessage().contains(KEY) && refused.getMessage().contains("changing cache 'routes' refused"),
                        refused.getMessage());
                assertThrows(ClusterLockLostException.class, () -> onA.remove(KEY));
                assertEquals("b", onB.get(KEY), "the write under the lost lock changed the entry");
            } finally {
                lockOfB.unlock();
            }
        } finally {
            lockOfA.unlock(); // releases nothing: the key no longer holds A's owner value
        }
        assertEquals("b", onB.get(KEY));
        assertTrue(lockOfA.tryLock(5, TimeUnit.SECONDS), "the refused write voided A's ownership: it asks again and B hands over");
        try {
            assertEquals("b", onA.get(KEY), "A's copy from before the loss is not used");
        } finally {
            lockOfA.unlock();
        }
        onA.put(KEY, "a-3"); // outside the lost section, A writes again
        assertEquals("a-3", onB.get(KEY));
    }

    /**
     * The node still believes in its stale lease: its writes and removals are refused by Redis, also
     * under the lock it owned before (an owned lock is taken without asking Redis, so a thread
     * frozen after its check enters the section: only its writes can be and are refused), and
     * Redis refuses to give it any lock it does not own yet.
     */
    private static void assertRefused(ClusteredMap<String, String> routes) throws InterruptedException {
        assertThrows(NodeFencedException.class, () -> routes.put(KEY, "after"), "write");
        assertThrows(NodeFencedException.class, () -> routes.remove(KEY), "remove");
        Lock owned = routes.getLock(KEY);
        owned.lock();
        try {
            assertThrows(NodeFencedException.class, () -> routes.put(KEY, "after"), "write under the lock owned before");
        } finally {
            owned.unlock();
        }
        Lock notOwned = routes.getLock("never-taken@example.org");
        assertThrows(NodeFencedException.class, notOwned::lock, "lock");
        assertThrows(NodeFencedException.class, () -> notOwned.tryLock(1, TimeUnit.SECONDS), "tryLock");
    }

    /**
     * Redis loses this node's lease while a thread is about to take a lock and write (as in a Redis
     * restart without data). The node fences and rejoins by itself; the thread's lock and write wait
     * for that instead of failing, and go through under the new membership period.
     */
    @Test
    void aFenceThatEndsInARejoinIsWaitedOutNotThrown() throws Exception {
        ClusteredCaches caches = cluster.node("waiter");
        MembershipService membership = member("waiter");
        CountDownLatch rejoined = new CountDownLatch(1);
        membership.addListener(new MembershipListener() {
            @Override
            public void joinedCluster(MemberInfo self, boolean rejoin) {
                if (rejoin) {
                    rejoined.countDown();
                }
            }
        });
        caches.locks().fence().guardWith(membership);
        membership.start();
        long firstToken = membership.fencingToken();
        ClusteredMap<String, String> routes = caches.open("routes", CacheLimits.NONE);

        cluster.admin().sync().del(membership.leaseKey().getBytes(StandardCharsets.UTF_8));
        Lock lock = routes.getLock(KEY); // not owned yet: Redis refuses the token whose lease it lost
        lock.lock();
        try {
            routes.put(KEY, "after-the-fence");
        } finally {
            lock.unlock();
        }
        assertTrue(rejoined.await(10, TimeUnit.SECONDS), "the node did not rejoin");
        assertTrue(membership.fencingToken() > firstToken, "the lock was taken under the new period");
        assertEquals("after-the-fence", cluster.node("reader").open("routes", CacheLimits.NONE).get(KEY));
    }

    /**
     * A node that is not a member and runs standalone (Openfire serves its users from local
     * caches): a lock is only node-local (another node takes the same lock meanwhile), and a write
     * to the clustered cache is refused as standalone, so the adapter sends it to the local cache.
     * Once a member again, the lock is a cluster lock again.
     */
    @Test
    void aStandaloneNodeTakesLocalLocksAndItsClusteredWritesAreRedirected() throws Exception {
        MembershipService membership = member("standalone");
        membership.start();
        boolean[] valid = {false};
        long[] token = {-1};
        LeaseGuard switchable = new LeaseGuard() {
            @Override
            public boolean holdsValidLease() {
                return valid[0];
            }

            @Override
            public long fencingToken() {
                return token[0];
            }

            @Override
            public String leaseKey() {
                return membership.leaseKey();
            }
        };
        ClusteredCaches node = cluster.node("standalone");
        node.locks().fence().guardWith(switchable);
        node.locks().fence().transitionWait(Duration.ofSeconds(5));
        node.locks().fence().runsStandalone(true);
        ClusteredMap<String, String> routes = node.open("routes", CacheLimits.NONE);
        ClusteredMap<String, String> onOther = cluster.node("other").open("routes", CacheLimits.NONE);

        Lock lock = routes.getLock(KEY);
        lock.lock();
        try {
            Lock othersLock = onOther.getLock(KEY);
            assertTrue(othersLock.tryLock(2, TimeUnit.SECONDS), "a standalone node's lock must not hold the cluster lock");
            othersLock.unlock();
            NodeFencedException refused = assertThrows(NodeFencedException.class, () -> routes.put(KEY, "local"));
            assertTrue(refused.standalone(), refused.getMessage());
        } finally {
            lock.unlock();
        }
        assertEquals(null, onOther.get(KEY), "the refused write reached Redis");

        node.locks().fence().runsStandalone(false);
        token[0] = membership.fencingToken();
        valid[0] = true;
        lock.lock();
        try {
            routes.put(KEY, "member-again");
            Lock othersLock = onOther.getLock(KEY);
            assertFalse(othersLock.tryLock(300, TimeUnit.MILLISECONDS), "a member's lock excludes the other node again");
        } finally {
            lock.unlock();
        }
        assertEquals("member-again", onOther.get(KEY));
    }

    private MembershipService member(String nodeId) {
        RedisConnector redis = RedisConnector.connect(CacheNodes.local(), "ofc-test-" + nodeId);
        opened.add(redis);
        MembershipService m = new MembershipService(redis, cluster.space, new LocalNode(nodeId, "host-" + nodeId, "127.0.0.1", 7000, "1"),
                MembershipSettings.of(Duration.ofMillis(HEARTBEAT_MS), Duration.ofMillis(MEMBERSHIP_LEASE_MS)));
        opened.add(m);
        return m;
    }

    /** The survivor's critical section: lock, write, hold until released. */
    private static final class SurvivorSection extends Thread {
        final CountDownLatch acquired = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Lock lock;
        private final ClusteredMap<String, String> routes;

        SurvivorSection(Lock lock, ClusteredMap<String, String> routes) {
            super("survivor-section");
            setDaemon(true);
            this.lock = lock;
            this.routes = routes;
        }

        @Override
        public void run() {
            lock.lock();
            try {
                routes.put(KEY, "survivor");
                acquired.countDown();
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }
    }
}
