package org.ofclustering.membership;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Membership engines in one JVM against real Redis: the registry contract seen from the API. */
class MembershipServiceIT {
    private static final MembershipSettings FAST = MembershipSettings.of(Duration.ofMillis(300), Duration.ofMillis(1500));

    private final String cluster = "it-membership-" + UUID.randomUUID().toString().substring(0, 8);
    private final KeySpace keys = new KeySpace(cluster);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private RedisConnector redis;

    @BeforeEach
    void connect() {
        redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "ofc-it-membership");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        List<byte[]> left = redis.sync().keys(keys.allKeysPattern());
        if (!left.isEmpty()) {
            redis.sync().del(left.toArray(byte[][]::new));
        }
        redis.close();
    }

    private MembershipService node(String id, String version, Recorder recorder) {
        RedisConnector own = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "ofc-it-" + id);
        closeables.add(own);
        MembershipService s = new MembershipService(own, keys, new LocalNode(id, id + ".example.org", null, 0, version), FAST);
        closeables.add(s);
        s.addListener(recorder);
        return s;
    }

    @Test
    void membersAreSeenInJoinOrderAndACleanLeaverIsForgottenAtOnce() throws Exception {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        MembershipService n1 = node("n1", "1.0", r1);
        MembershipService n2 = node("n2", "1.0", r2);
        n1.start();
        assertEquals("joinedCluster n1 false", r1.next());
        assertEquals("becameSenior", r1.next());
        long epochBefore = n1.epoch();
        n2.start();
        assertEquals("joinedCluster n2 false", r2.next());
        assertEquals("memberJoined n2", r1.next());
        assertTrue(n1.fencingToken() < n2.fencingToken());
        assertTrue(n1.epoch() > epochBefore, "a join moves the epoch");
        assertEquals(List.of("n1", "n2"), n2.members().stream().map(MemberInfo::nodeId).toList());
        assertTrue(n1.isSenior());
        assertFalse(n2.isSenior());
        assertEquals("n2.example.org", n1.member("n2").orElseThrow().hostName());
        assertEquals(Long.toString(n2.fencingToken()), get(n2.leaseKey()), "the lease key holds the fencing token");

        long epochWithTwo = n1.epoch();
        n1.stop();
        n1.stop(); // idempotent
        assertEquals("leftCluster", r1.next());
        assertEquals("memberLeft n1 crashed=false", r2.next());
        assertTrue(n2.member("n1").isEmpty(), "a node that left is unknown at once");
        assertEquals("becameSenior", r2.next());
        assertTrue(n2.epoch() > epochWithTwo, "a departure moves the epoch");
        assertFalse(n1.holdsValidLease());
        assertEquals(-1, n1.fencingToken());
        assertTrue(n1.members().isEmpty());

        n1.start();
        assertEquals("joinedCluster n1 false", r1.next());
        assertTrue(n1.fencingToken() > n2.fencingToken(), "a node that comes back joins at the end of the order");
        assertFalse(n1.isSenior());
        assertEquals("n2", n1.status().seniorNodeId());
    }

    @Test
    void aNodeWhoseLeaseDisappearsFencesItselfAndRejoinsWithALargerToken() throws Exception {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        MembershipService n1 = node("n1", "1.0", r1);
        MembershipService n2 = node("n2", "1.0", r2);
        n1.start();
        n2.start();
        r1.skip(3); // joined, senior, memberJoined n2
        r2.skip(1);
        long old = n2.fencingToken();
        assertTrue(n2.holdsValidLease());

        redis.sync().del(n2.leaseKey().getBytes(StandardCharsets.UTF_8)); // as if the lease had expired
        assertEquals("fenced", r2.next());
        assertEquals("memberLeft n2 crashed=true", r1.next());
        String rejoined = r2.next();
        assertEquals("joinedCluster n2 true", rejoined);
        assertTrue(n2.fencingToken() > old);
        assertTrue(n2.holdsValidLease());
        assertEquals("memberJoined n2", r1.next());
        assertEquals(1, n2.status().fences());
        assertEquals(1, n2.status().rejoins());
        assertTrue(n2.status().recentEvents().stream().anyMatch(e -> e.kind() == ClusterEvent.Kind.FENCED));
    }

    @Test
    void aFencedNodeRejoinsOnlyOnceItsPreconditionHoldsOrItsWaitIsOver() throws Exception {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        MembershipService n1 = node("n1", "1.0", r1);
        MembershipService n2 = node("n2", "1.0", r2);
        AtomicBoolean queueUp = new AtomicBoolean(true);
        n2.rejoinWhen(queueUp::get);
        n1.start();
        n2.start();
        r1.skip(3);
        r2.skip(1);

        queueUp.set(false); // as if its broker connection had been dropped while it was frozen
        redis.sync().del(n2.leaseKey().getBytes(StandardCharsets.UTF_8));
        assertEquals("fenced", r2.next());
        assertEquals("memberLeft n2 crashed=true", r1.next());
        Thread.sleep(1_000);
        assertFalse(n2.holdsValidLease(), "no rejoin while the precondition does not hold");
        assertEquals(0, n2.status().rejoins());
        long ready = System.nanoTime();
        queueUp.set(true);
        assertEquals("joinedCluster n2 true", r2.next());
        assertTrue(System.nanoTime() - ready < TimeUnit.SECONDS.toNanos(2), "rejoins right after the precondition holds");
        assertEquals("memberJoined n2", r1.next());

        queueUp.set(false); // never holds again: the rejoin goes ahead after its bounded wait
        long fenced = System.nanoTime();
        redis.sync().del(n2.leaseKey().getBytes(StandardCharsets.UTF_8));
        assertEquals("fenced", r2.next());
        assertEquals("joinedCluster n2 true", r2.next());
        long waited = System.nanoTime() - fenced;
        assertTrue(waited >= MembershipService.REJOIN_READY_WAIT.toNanos(), "waited " + waited / 1_000_000 + " ms");
    }

    @Test
    void aWriteGuardedByTheFencingTokenIsRefusedAcrossAFence() throws Exception {
        Recorder r1 = new Recorder();
        MembershipService n1 = node("n1", "1.0", r1);
        n1.start();
        r1.skip(2);
        long oldToken = n1.fencingToken();
        assertEquals(1L, guardedWrite(n1.leaseKey(), oldToken, "first"));

        redis.sync().del(n1.leaseKey().getBytes(StandardCharsets.UTF_8)); // the lease is lost
        assertEquals("fenced", r1.next());
        assertEquals("joinedCluster n1 true", r1.next());
        assertEquals(0L, guardedWrite(n1.leaseKey(), oldToken, "stale"), "a write with the old token must be refused");
        assertEquals(1L, guardedWrite(n1.leaseKey(), n1.fencingToken(), "second"));
        assertEquals("second", get(keys.key(LeaseRegistry.STRUCTURE, "guarded")));
    }

    /** A write that happens only while the lease key still holds the token (one slot with the lease). */
    private long guardedWrite(String leaseKey, long token, String value) {
        String script = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 end return 0";
        byte[][] scriptKeys = {leaseKey.getBytes(StandardCharsets.UTF_8), keys.keyBytes(LeaseRegistry.STRUCTURE, "guarded")};
        Long result = redis.sync().eval(script, ScriptOutputType.INTEGER, scriptKeys,
                Long.toString(token).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        return result;
    }

    @Test
    void aSecondProcessWithTheSameNodeIdIsRefused() {
        MembershipService n1 = node("n1", "1.0", new Recorder());
        MembershipService twin = node("n1", "1.0", new Recorder());
        n1.start();
        NodeIdInUseException e = assertThrows(NodeIdInUseException.class, twin::start);
        assertTrue(e.getMessage().contains("n1"), e.getMessage());
        assertTrue(n1.holdsValidLease(), "the member already there keeps its lease");
    }

    @Test
    void aServerRestartedRightAfterACrashWaitsForItsOldLeaseToExpire() {
        // What a crashed previous run of "n3" left behind: a lease with 800 ms to live and its entry.
        byte[] leaseKey = keys.keyBytes(LeaseRegistry.STRUCTURE, "lease:n3");
        redis.sync().set(leaseKey, "41".getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(800));
        redis.sync().hset(keys.keyBytes(LeaseRegistry.STRUCTURE, "info"), "n3".getBytes(StandardCharsets.UTF_8),
                "order=41\njoinedAt=1\nhost=old\ninstance=previous-run\nversion=1.0".getBytes(StandardCharsets.UTF_8));
        redis.sync().zadd(keys.keyBytes(LeaseRegistry.STRUCTURE, "members"), 41, "n3".getBytes(StandardCharsets.UTF_8));
        MembershipService n3 = node("n3", "1.0", new Recorder());
        long t = System.nanoTime();
        n3.start();
        long waitedMs = (System.nanoTime() - t) / 1_000_000;
        assertTrue(n3.holdsValidLease());
        assertTrue(n3.fencingToken() > 0 && n3.fencingToken() != 41);
        assertEquals(List.of("n3"), n3.members().stream().map(MemberInfo::nodeId).toList());
        System.out.println("start waited " + waitedMs + " ms for the lease of the previous run to expire");
    }

    @Test
    void aDifferentPluginVersionIsReported() throws Exception {
        Recorder r1 = new Recorder();
        MembershipService n1 = node("n1", "1.0", r1);
        MembershipService n2 = node("n2", "1.1", new Recorder());
        n1.start();
        n2.start();
        r1.skip(3);
        MembershipStatus status = n1.status();
        assertEquals("1.0", status.clusterVersion());
        assertEquals(List.of("n2"), status.versionMismatches().stream().map(MemberInfo::nodeId).toList());
        assertTrue(status.recentEvents().stream().anyMatch(e -> e.kind() == ClusterEvent.Kind.VERSION_MISMATCH
                && e.nodeId().equals("n2")), status.recentEvents().toString());
        assertEquals(List.of("n2"), n2.versionMismatches().stream().map(MemberInfo::nodeId).toList());
    }

    @Test
    void clusterTimeFollowsTheRedisClockAndNeverGoesBack() throws Exception {
        MembershipService n1 = node("n1", "1.0", new Recorder());
        n1.start();
        List<byte[]> time = redis.sync().time();
        long redisMs = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
                + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
        long cluster = n1.clusterTime();
        assertTrue(Math.abs(cluster - redisMs) < 1000, "cluster time " + cluster + " vs Redis " + redisMs);
        long previous = cluster;
        for (int i = 0; i < 1000; i++) {
            long now = n1.clusterTime();
            assertTrue(now >= previous);
            previous = now;
        }
        Thread.sleep(FAST.heartbeatInterval().toMillis() * 2);
        MembershipStatus.MemberLease own = n1.status().members().get(0);
        assertTrue(own.leaseRemainingMs() > 0 && own.leaseRemainingMs() <= FAST.leaseLength().toMillis(), own.toString());
        assertTrue(own.leaseAgeMs() >= 0 && own.leaseAgeMs() < FAST.leaseLength().toMillis(), own.toString());
    }

    private String get(String key) {
        byte[] v = redis.sync().get(key.getBytes(StandardCharsets.UTF_8));
        assertNotNull(v, key);
        return new String(v, StandardCharsets.UTF_8);
    }

    /** Records listener calls as text, in order. */
    private static final class Recorder implements MembershipListener {
        private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        String next() throws InterruptedException {
            String call = calls.poll(20, TimeUnit.SECONDS);
            assertNotNull(call, "no membership event within 20 s");
            return call;
        }

        void skip(int n) throws InterruptedException {
            for (int i = 0; i < n; i++) {
                next();
            }
        }

        @Override
        public void joinedCluster(MemberInfo self, boolean rejoin) {
            calls.add("joinedCluster " + self.nodeId() + " " + rejoin);
        }

        @Override
        public void leftCluster() {
            calls.add("leftCluster");
        }

        @Override
        public void memberJoined(MemberInfo member) {
            calls.add("memberJoined " + member.nodeId());
        }

        @Override
        public void memberLeft(MemberInfo member, boolean crashed) {
            calls.add("memberLeft " + member.nodeId() + " crashed=" + crashed);
        }

        @Override
        public void becameSenior() {
            calls.add("becameSenior");
        }

        @Override
        public void fenced() {
            calls.add("fenced");
        }
    }
}
