package org.ofclustering.membership;

import org.ofclustering.testsupport.ScratchRedisSentinel;
import org.junit.jupiter.api.Test;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes' Redis connector, clustered cache, cluster locks and membership in Sentinel mode, on a
 * private master, replica and three sentinels, across a {@code kill -9} of the master: the
 * sentinels promote the replica and the nodes follow it by themselves.
 */
class RedisSentinelModeIT {
    /** Not 0, so a connection that ignores the configured database shows up. */
    private static final int DATABASE = 3;
    private static final MembershipSettings TIMING = MembershipSettings.of(Duration.ofMillis(300), Duration.ofMillis(1500));
    private static final CacheSettings CACHE = CacheSettings.defaults();
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);
    /** Read-increment-write sections per node in the lock check. */
    private static final int INCREMENTS = 25;

    private final String cluster = "it-sentinel-" + UUID.randomUUID().toString().substring(0, 8);
    private final KeySpace keys = new KeySpace(cluster);

    @Test
    void nodesFollowTheSentinelsToThePromotedReplicaWhenTheMasterIsKilled() throws Exception {
        try (ScratchRedisSentinel redis = new ScratchRedisSentinel();
             SentinelModeNode a = node("a", redis.settings(DATABASE, Duration.ofSeconds(2)));
             SentinelModeNode b = node("b", redis.settings(DATABASE, Duration.ofSeconds(2)))) {
            a.membership.start();
            b.membership.start();
            eventually("both nodes see both as members", () -> a.sees("a", "b") && b.sees("a", "b"));
            a.sessions().put("before", "written before the failover");
            assertEquals("written before the failover", b.sessions().get("before"));
            assertLockExcludes(a, b, "dave@example.org");
            assertDataIsInTheConfiguredDatabase(redis);
            long tokenA = a.membership.fencingToken();
            long tokenB = b.membership.fencingToken();
            // Replication is asynchronous: only what the replica acknowledged is promised to survive.
            assertEquals(1L, a.redis.sync().waitForReplication(1, 5000), "the replica acknowledged node a's writes");

            long killed = System.nanoTime();
            redis.crash(redis.firstMaster());
            eventually("the sentinels name the replica as master", () -> redis.masterPortNamedBySentinel() == redis.firstReplica());
            long promotedMs = msSince(killed);
            assertEquals("master", redis.role(redis.firstReplica()));

            eventually("both nodes are members of the cluster again, with leases the new master confirmed",
                    () -> a.memberAgainSince(killed, "a", "b") && b.memberAgainSince(killed, "a", "b"));
            long membersMs = msSince(killed);
            eventually("a cache write by node a is read by node b", () -> {
                a.sessions().put("after", "written after the failover");
                return "written after the failover".equals(b.sessions().get("after"));
            });
            long cacheMs = msSince(killed);
            String clients = redis.clientList(redis.firstReplica());
            assertTrue(clients.contains("name=" + a.clientName + " ") && clients.contains("name=" + b.clientName + " "),
                    "both nodes are connected to the promoted replica:\n" + clients);
            assertEquals("written before the failover", b.sessions().get("before"), "a write the replica acknowledged survives");
            assertLockExcludes(b, a, "erin@example.org");
            assertTokenGrewIfFenced(a, tokenA);
            assertTokenGrewIfFenced(b, tokenB);
            System.out.printf("Sentinel failover: replica promoted %d ms after kill -9 of the master; both nodes members again"
                            + " after %d ms (fences: a=%d, b=%d), cache write and read across nodes after %d ms%n",
                    promotedMs, membersMs, a.membership.status().fences(), b.membership.status().fences(), cacheMs);
        }
    }

    /**
     * A lock held by one node keeps the other out, and read-increment-write sections of both nodes under
     * the same lock lose no update.
     */
    private static void assertLockExcludes(SentinelModeNode holder, SentinelModeNode other, String key) throws Exception {
        Lock held = holder.sessions().getLock(key);
        held.lock();
        try {
            holder.sessions().get(key);
            assertFalse(other.sessions().getLock(key).tryLock(200, TimeUnit.MILLISECONDS), "the lock excludes the other node");
        } finally {
            held.unlock();
        }
        holder.sessions().put(key, "0");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = List.of(new Thread(() -> increment(holder, key, failure)),
                new Thread(() -> increment(other, key, failure)));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(t.isAlive(), "increments under the lock finish");
        }
        assertNull(failure.get(), "increments under the lock fail: " + failure.get());
        assertEquals(Integer.toString(2 * INCREMENTS), other.sessions().get(key), "no update lost under the lock");
    }

    private static void increment(SentinelModeNode node, String key, AtomicReference<Throwable> failure) {
        try {
            for (int i = 0; i < INCREMENTS; i++) {
                Lock lock = node.sessions().getLock(key);
                lock.lock();
                try {
                    String n = node.sessions().get(key);
                    node.sessions().put(key, Integer.toString(Integer.parseInt(n) + 1));
                } finally {
                    lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void assertDataIsInTheConfiguredDatabase(ScratchRedisSentinel redis) {
        try (RedisConnector configured = RedisConnector.connect(redis.direct(redis.firstMaster(), DATABASE), "ofc-it-check");
             RedisConnector first = RedisConnector.connect(redis.direct(redis.firstMaster(), 0), "ofc-it-check")) {
            assertFalse(configured.sync().keys(keys.allKeysPattern()).isEmpty(), "the cluster's keys are in database " + DATABASE);
            assertTrue(first.sync().keys(keys.allKeysPattern()).isEmpty(), "no key of the cluster in database 0");
        }
    }

    /** docs/membership.md: a fenced node rejoins with a new, larger fencing token. */
    private static void assertTokenGrewIfFenced(SentinelModeNode node, long before) {
        if (node.membership.status().fences() > 0) {
            assertTrue(node.membership.fencingToken() > before,
                    "node " + node.id + " rejoined with token " + node.membership.fencingToken() + ", not above " + before);
        } else {
            assertEquals(before, node.membership.fencingToken());
        }
    }

    private static long msSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Polls until the check holds; a check that throws (Redis not answering yet) counts as not yet. */
    private static void eventually(String what, Callable<Boolean> check) throws InterruptedException {
        long deadline = System.nanoTime() + FAILOVER_BOUND.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.call()) {
                    return;
                }
            } catch (Exception notYet) {
                last = notYet;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + FAILOVER_BOUND + ": " + what + (last == null ? "" : "; last failure: " + last));
    }

    private SentinelModeNode node(String id, RedisSettings settings) {
        return new SentinelModeNode(cluster, keys, id, settings, CACHE, TIMING);
    }
}
