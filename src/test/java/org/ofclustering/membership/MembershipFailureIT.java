package org.ofclustering.membership;

import org.junit.jupiter.api.Test;
import org.ofclustering.membership.MembershipNodes.Node;
import org.ofclustering.testsupport.ScratchRedis;
import org.ofclustering.testsupport.TcpProxy;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ofclustering.membership.MembershipNodes.HEARTBEAT_MS;
import static org.ofclustering.membership.MembershipNodes.LEASE_MS;
import static org.ofclustering.membership.MembershipNodes.longField;
import static org.ofclustering.membership.MembershipNodes.word;

/**
 * Three nodes in separate JVMs against real Redis, with a 2 s lease and a 400 ms heartbeat:
 * join order, senior election, clean leave, kill -9, SIGSTOP/SIGCONT, closed connections of a live
 * node and loss of Redis for one node. Detection and rejoin times are printed; the bounds only tell
 * the connection watch (a departure sooner than any lease expiry could cause, L - H after the last
 * renewal) from lease expiry, they are not performance claims.
 */
class MembershipFailureIT {

    @Test
    void joinOrderDecidesSeniorityAndACleanLeaveIsSeenAsLeft() throws Exception {
        try (MembershipNodes nodes = new MembershipNodes()) {
            List<Node> abc = nodes.startThree();
            Node a = abc.get(0);
            Node b = abc.get(1);
            Node c = abc.get(2);
            long ta = Long.parseLong(word(a.await("EVENT self-joined"), 2));
            long tb = Long.parseLong(word(b.await("EVENT self-joined"), 2));
            long tc = Long.parseLong(word(c.await("EVENT self-joined"), 2));
            assertTrue(ta < tb && tb < tc, "join orders must follow the order of joining: " + ta + ", " + tb + ", " + tc);
            a.await("EVENT senior");
            b.await("EVENT joined C");

            long before = System.currentTimeMillis();
            a.send("leave");
            a.await("STOPPED A");
            String leftOnB = b.await("EVENT left A");
            String leftOnC = c.await("EVENT left A");
            assertEquals("crashed=false", word(leftOnB, 4));
            assertEquals("crashed=false", word(leftOnC, 4));
            System.out.printf("clean leave seen by B after %d ms, by C after %d ms%n",
                    longField(leftOnB, "t") - before, longField(leftOnC, "t") - before);
            b.await("EVENT senior");
            c.send("status");
            String status = c.await("STATUS");
            assertTrue(status.contains("senior=B members=[B, C]"), status);
            assertFalse(c.printed("EVENT senior"), "C is not the oldest member and must not become senior");
            assertEquals(1, b.count("EVENT left A"), "one departure, one event");
        }
    }

    @Test
    void killedSeniorAndKilledJuniorAreGoneAsSoonAsTheirConnectionsClose() throws Exception {
        try (MembershipNodes nodes = new MembershipNodes()) {
            List<Node> abc = nodes.startThree();
            Node a = abc.get(0);
            Node b = abc.get(1);
            Node c = abc.get(2);
            b.await("EVENT joined C");

            long killedSenior = System.currentTimeMillis();
            a.process.kill();
            String onB = b.await("EVENT left A");
            String onC = c.await("EVENT left A");
            assertEquals("crashed=true", word(onB, 4));
            assertEquals("crashed=true", word(onC, 4));
            b.await("EVENT senior");
            assertEquals(1, evictions(b) + evictions(c), "the killed senior's lease was ended once, by one survivor's connection watch");
            long seniorDetection = Math.max(longField(onB, "t"), longField(onC, "t")) - killedSenior;
            System.out.printf("kill -9 of the senior: declared dead by B after %d ms, by C after %d ms (lease %d ms, heartbeat %d ms)%n",
                    longField(onB, "t") - killedSenior, longField(onC, "t") - killedSenior, LEASE_MS, HEARTBEAT_MS);

            long killedJunior = System.currentTimeMillis();
            c.process.kill();
            String cOnB = b.await("EVENT left C");
            assertEquals("crashed=true", word(cOnB, 4));
            long juniorDetection = longField(cOnB, "t") - killedJunior;
            System.out.printf("kill -9 of a junior: declared dead by B after %d ms%n", juniorDetection);
            // Lease expiry cannot remove a member sooner than L - H after it was killed: a faster departure is the watch's.
            assertTrue(seniorDetection < LEASE_MS - HEARTBEAT_MS, "senior detection took " + seniorDetection + " ms");
            assertTrue(juniorDetection < LEASE_MS - HEARTBEAT_MS, "junior detection took " + juniorDetection + " ms");
            assertEquals(1, b.count("EVENT left A"), "one departure, one event");
        }
    }

    @Test
    void frozenNodeIsDeclaredDeadFencesItselfWhenResumedAndRejoins() throws Exception {
        try (MembershipNodes nodes = new MembershipNodes()) {
            List<Node> abc = nodes.startThree();
            Node a = abc.get(0);
            Node b = abc.get(1);
            Node c = abc.get(2);
            String bJoined = b.await("EVENT self-joined");
            long oldToken = Long.parseLong(word(bJoined, 2));
            c.await("EVENT self-joined");

            long frozen = System.currentTimeMillis();
            b.process.freeze();
            String onA = a.await("EVENT left B");
            String onC = c.await("EVENT left B");
            assertEquals("crashed=true", word(onA, 4));
            assertEquals("crashed=true", word(onC, 4));
            System.out.printf("SIGSTOP: frozen node declared dead by A after %d ms, by C after %d ms%n",
                    longField(onA, "t") - frozen, longField(onC, "t") - frozen);
            assertEquals(0, evictions(a) + evictions(c), "a frozen node keeps its connections open: only its lease may end it");
            Thread.sleep(LEASE_MS);

            long resumed = System.currentTimeMillis();
            b.process.resume();
            String fenced = b.await("EVENT fenced");
            assertTrue(fenced.contains("valid=false"), fenced);
            long validUntil = longField(fenced, "validUntil");
            long declaredDead = Math.min(longField(onA, "ct"), longField(onC, "ct"));
            assertTrue(validUntil < declaredDead, "B considered its lease valid until " + validUntil
                    + " (cluster time) but was declared dead at " + declaredDead);
            System.out.printf("SIGSTOP: B's lease validity ended %d ms before the others declared it dead%n", declaredDead - validUntil);

            String rejoined = b.await("EVENT self-joined");
            assertTrue(rejoined.contains("rejoin=true"), rejoined);
            long newToken = Long.parseLong(word(rejoined, 2));
            assertTrue(newToken > oldToken, "a rejoin takes a new, larger join order: " + oldToken + " -> " + newToken);
            a.await("EVENT joined B " + newToken);
            c.await("EVENT joined B " + newToken);
            System.out.printf("SIGCONT: B fenced %d ms and rejoined %d ms after resuming%n",
                    longField(fenced, "t") - resumed, longField(rejoined, "t") - resumed);
            assertEquals(1, a.count("EVENT left B"), "one departure, one event");
        }
    }

    @Test
    void nodeCutOffFromRedisIsEvictedAtOnceFencesAndRejoins() throws Exception {
        cutOffB(false);
    }

    @Test
    void liveNodeWhoseRedisConnectionsAreCutBrieflyLearnsItsLeaseEndedWhenBackFencesAndRejoins() throws Exception {
        cutOffB(true);
    }

    /**
     * Cuts B's connections to Redis and refuses new ones. Either Redis stays away until B fenced at its own
     * deadline, or it is back as soon as A saw B gone: then B learns at its reconnect that its lease was ended,
     * sooner than its deadline (L - H after its last renewal) could make it fence.
     */
    private static void cutOffB(boolean restoreAtOnce) throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 6379); MembershipNodes nodes = new MembershipNodes()) {
            Node a = nodes.start("A");
            Node b = nodes.start("B", proxy.port(), "1.0.0");
            a.await("EVENT joined B");
            long oldToken = Long.parseLong(word(b.await("EVENT self-joined"), 2));
            nodes.awaitWatched("B", 6379);

            long cut = System.currentTimeMillis();
            proxy.setRefusing(true);
            String onA = a.await("EVENT left B");
            if (restoreAtOnce) {
                proxy.setRefusing(false);
            }
            String fenced = b.await("EVENT fenced");
            long restored = System.currentTimeMillis();
            proxy.setRefusing(false);
            String rejoined = b.await("EVENT self-joined");
            long newToken = Long.parseLong(word(rejoined, 2));
            assertTrue(newToken > oldToken, oldToken + " -> " + newToken);
            a.await("EVENT joined B " + newToken);
            assertEquals("crashed=true", word(onA, 4));
            assertEquals(1, evictions(a), "B's closed connections ended its lease");
            long fencedAfter = longField(fenced, "t") - cut;
            if (restoreAtOnce) {
                assertTrue(fencedAfter < LEASE_MS - HEARTBEAT_MS, "B learnt that its lease had ended when it reconnected, "
                        + "not at its deadline: fenced " + fencedAfter + " ms after the cut");
            }
            // Until B fenced, its token no longer matched the lease key: lock and cache scripts refused it.
            System.out.printf("Connections of live B cut%s: A ended its lease after %d ms; B fenced after %d ms and rejoined %d ms "
                            + "after Redis was reachable again%n", restoreAtOnce ? " briefly" : " until B fenced",
                    longField(onA, "t") - cut, fencedAfter, longField(rejoined, "t") - Math.max(restored, cut));
        }
    }

    private static long evictions(Node node) throws Exception {
        node.send("status");
        return longField(node.await("STATUS"), "evictions");
    }

    @Test
    void redisRestartWithoutDataMakesEveryNodeFenceAndRejoinWithLargerTokens() throws Exception {
        try (ScratchRedis redis = new ScratchRedis(); MembershipNodes nodes = new MembershipNodes()) {
            redis.start();
            Node a = nodes.start("A", redis.port(), "1.0.0");
            Node b = nodes.start("B", redis.port(), "1.0.0");
            long oldA = Long.parseLong(word(a.await("EVENT self-joined"), 2));
            long oldB = Long.parseLong(word(b.await("EVENT self-joined"), 2));
            a.await("EVENT joined B");
            a.await("EVENT senior");

            redis.crash();
            a.await("EVENT fenced");
            b.await("EVENT fenced");
            long restarted = System.currentTimeMillis();
            redis.start();
            String rejoinedA = a.await("EVENT self-joined");
            String rejoinedB = b.await("EVENT self-joined");
            assertTrue(rejoinedA.contains("rejoin=true") && rejoinedB.contains("rejoin=true"), rejoinedA + " / " + rejoinedB);
            long newA = Long.parseLong(word(rejoinedA, 2));
            long newB = Long.parseLong(word(rejoinedB, 2));
            assertTrue(newA > Math.max(oldA, oldB) && newB > Math.max(oldA, oldB),
                    "tokens stay monotonic across the loss of Redis data: " + oldA + "," + oldB + " -> " + newA + "," + newB);
            System.out.printf("Redis restarted without data: A rejoined after %d ms, B after %d ms%n",
                    longField(rejoinedA, "t") - restarted, longField(rejoinedB, "t") - restarted);
            Node later = newA < newB ? b : a;
            later.send("status");
            String status = later.await("STATUS");
            assertTrue(status.contains("members=[A, B]") || status.contains("members=[B, A]"), status);
            Node senior = newA < newB ? a : b;
            senior.await("EVENT senior");
        }
    }
}
