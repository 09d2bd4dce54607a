package org.ofclustering.messaging;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.ofclustering.testsupport.ScratchRabbit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker itself goes away under two running nodes and comes back: a private RabbitMQ node
 * ({@link ScratchRabbit}) is shut down cleanly, or killed, and started again on the same port while
 * the nodes keep sending tasks to each other, and nothing is done on the nodes' side. Both notice the loss,
 * hold the one-way tasks sent while the broker is down, fail requests at once (a pending one
 * included), reconnect by themselves, find their queues again (the request queues are transient:
 * recovery declares them anew), send what they held, and tasks flow again in both directions.
 * Every task sent runs exactly once and in its lane's order: those the broker still held when it
 * stopped (part of a backlog delivered but not acknowledged yet: redelivered, recognised, not run
 * again; part still waiting in the queue), those whose confirm was lost (sent again, recognised),
 * and those held during the outage.
 */
class BrokerRestartIT {
    private static final Logger Log = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final int MAX_TASKS = 20_000;
    /** More than the prefetch (512): part of the backlog is delivered unacknowledged, the rest waits in the queue. */
    private static final int BACKLOG = 700;
    private static final Duration NOTICE_BOUND = Duration.ofSeconds(5);
    /** Reconnection attempts run every 500 ms in these tests. */
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(10);
    /** A call that would hang waits for a connect or confirm timeout (seconds); failing fast takes microseconds. */
    private static final long FAIL_FAST_MILLIS = 1_000;

    /** How the broker goes away. */
    enum Outage {
        /** A clean shutdown, as a service stop or an upgrade does. */
        SHUTDOWN,
        /** {@code kill -9} of the broker's VM: no shutdown at all. */
        CRASH
    }

    /** One private node for both cases (each under a cluster name of its own): a start takes seconds. */
    private static ScratchRabbit broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new ScratchRabbit();
        broker.start();
    }

    @AfterAll
    static void removeBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void brokerRunning() throws Exception {
        if (!broker.isRunning()) {
            broker.start(); // a failed case may have left it down
        }
    }

    @ParameterizedTest(name = "broker {0}")
    @EnumSource(Outage.class)
    void nodesReconnectByThemselvesAfterABrokerRestartAndEveryConfirmedTaskRunsOnce(Outage outage) throws Exception {
        try (TestCluster cluster = new TestCluster(broker.port())) {
            TaskTransport a = cluster.start("node-a");
            TaskTransport b = cluster.start("node-b");
            RecordingHandler onA = cluster.handler("node-a");
            RecordingHandler onB = cluster.handler("node-b");
            assertEquals("before@node-b", echo(a, "node-b", "before"));

            AtomicBoolean stopTraffic = new AtomicBoolean();
            TaskTraffic[] traffic = TaskTraffic.bothWays(a, b, stopTraffic, MAX_TASKS);
            TaskTraffic aToB = traffic[0];
            TaskTraffic bToA = traffic[1];

            Set<String> backlog = sendBacklog(a, "node-b");
            CompletableFuture<byte[]> pending = a.request("node-b", RecordingHandler.envelope(new TestTasks.Echo("pending", 5_000)),
                    Duration.ofSeconds(20));

            // The outage comes at a random moment of the traffic (seeded like the traffic itself).
            Thread.sleep(new Random(aToB.seed).nextInt(500));
            long stopping = System.nanoTime();
            if (outage == Outage.SHUTDOWN) {
                broker.stop();
            } else {
                broker.crash();
            }
            long stopped = System.nanoTime();
            TaskTransportIT.eventually("both nodes report the connection loss", NOTICE_BOUND, () -> !a.isConnected() && !b.isConnected());
            int backlogRanAtStop = ran(onB, backlog).size();
            assertTrue(backlogRanAtStop < BACKLOG, "part of the backlog was still with the broker when it went down");
            TaskTransportIT.eventually("the pending request failed", NOTICE_BOUND, pending::isDone);
            ExecutionException lost = assertThrows(ExecutionException.class, pending::get);
            assertInstanceOf(TransportUnavailableException.class, lost.getCause());

            TestTasks.Record heldA = new TestTasks.Record("node-a", "outage", 1, 0);
            TestTasks.Record heldB = new TestTasks.Record("node-b", "outage", 1, 0);
            TestTasks.Record heldBroadcast = new TestTasks.Record("node-a", "outage-broadcast", 1, 0);
            CompletableFuture<Void> sentByA = a.send("node-b", RecordingHandler.envelope(heldA));
            CompletableFuture<Void> sentByB = b.send("node-a", RecordingHandler.envelope(heldB));
            CompletableFuture<Void> broadcastByA = a.broadcast(RecordingHandler.envelope(heldBroadcast));
            assertTrue(a.heldCount() > 0 && b.heldCount() > 0, "tasks sent while the broker is down are held");
            assertTrue(!sentByA.isDone() && !sentByB.isDone() && !broadcastByA.isDone(), "held tasks are not confirmed yet");
            TaskEnvelope lostTask = RecordingHandler.envelope(new TestTasks.Record("node-a", "request", 1, 0));
            assertFailsFast("request", () -> a.request("node-b", lostTask, Duration.ofSeconds(10)));
            assertFailsFast("request to all", () -> b.requestAll(lostTask, Duration.ofSeconds(10)));

            int heldOnA = a.heldCount();
            int heldOnB = b.heldCount();
            broker.start();
            long started = System.nanoTime();
            TaskTransportIT.eventually("both nodes reconnect by themselves", RECONNECT_BOUND, () -> a.isConnected() && b.isConnected());
            long reconnected = System.nanoTime();
            TaskTransportIT.eventually("the node and request queues exist again", RECONNECT_BOUND, () -> queuesExist(cluster, "node-a", "node-b"));
            Log.info("Broker restart after {}: going down {} ms, down {} ms, nodes reconnected {} ms after the broker was back; backlog run before {}/{}; "
                    + "held when the broker came back {} (node-a) and {} (node-b)", outage, millis(stopping, stopped), millis(stopped, started),
                    millis(started, reconnected), backlogRanAtStop, BACKLOG, heldOnA, heldOnB);
            CompletableFuture.allOf(sentByA, sentByB, broadcastByA).get(20, TimeUnit.SECONDS);
            TaskTransportIT.eventually("the tasks held during the outage ran",
                    () -> ran(onB, Set.of(heldA.id(), heldBroadcast.id())).size() == 2 && ran(onA, Set.of(heldB.id())).size() == 1);

            int aConfirmedAtRestart = aToB.confirmed.size();
            int bConfirmedAtRestart = bToA.confirmed.size();
            TaskTransportIT.eventually("tasks flow again in both directions",
                    () -> aToB.confirmed.size() > aConfirmedAtRestart + 100 && bToA.confirmed.size() > bConfirmedAtRestart + 100);
            stopTraffic.set(true);
            aToB.join(60_000);
            bToA.join(60_000);

            assertEquals("after@node-b", echo(a, "node-b", "after"));
            assertEquals("after@node-a", echo(b, "node-a", "after"));
            TestTasks.Record fromA = new TestTasks.Record("node-a", "broadcast", 1, 0);
            TestTasks.Record fromB = new TestTasks.Record("node-b", "broadcast", 1, 0);
            a.broadcast(RecordingHandler.envelope(fromA)).get(10, TimeUnit.SECONDS);
            b.broadcast(RecordingHandler.envelope(fromB)).get(10, TimeUnit.SECONDS);
            TaskTransportIT.eventually("broadcasts after the restart arrive",
                    () -> ran(onB, Set.of(fromA.id())).size() == 1 && ran(onA, Set.of(fromB.id())).size() == 1);

            assertEquals(0, aToB.failedFast.get() + bToA.failedFast.get(), "no send failed during the outage: they were held");
            assertEquals(0, aToB.otherFailures.get() + bToA.otherFailures.get(), "no send failed at all");
            TaskTransportIT.eventually("the whole backlog ran", () -> ran(onB, backlog).size() == BACKLOG);
            aToB.assertSentRanOnceInOrder(onB); // the backlog and the broadcast come from node-a too
            bToA.assertSentRanOnceInOrder(onA);
        }
    }

    /** {@link #BACKLOG} confirmed tasks in one slow lane (5 ms each): node-b needs seconds to work through them. */
    private static Set<String> sendBacklog(TaskTransport from, String to) throws Exception {
        Set<String> ids = new HashSet<>();
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (int i = 1; i <= BACKLOG; i++) {
            TestTasks.Record r = new TestTasks.Record(from.localNodeId(), "backlog", i, 5);
            confirms.add(from.send(to, RecordingHandler.envelope(r)));
            ids.add(r.id());
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        return ids;
    }

    private static Set<String> ran(RecordingHandler node, Set<String> ids) {
        Set<String> ran = new HashSet<>();
        node.records().stream().map(TestTasks.Record::id).filter(ids::contains).forEach(ran::add);
        return ran;
    }

    private static String echo(TaskTransport from, String to, String text) throws Exception {
        byte[] result = from.request(to, RecordingHandler.envelope(new TestTasks.Echo(text, 0)), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        return (String) RecordingHandler.CODEC.decode(result);
    }

    private static void assertFailsFast(String what, Executable call) {
        long start = System.nanoTime();
        assertThrows(TransportUnavailableException.class, call, what + " while the broker is down");
        long took = millis(start, System.nanoTime());
        assertTrue(took < FAIL_FAST_MILLIS, what + " took " + took + " ms to fail");
    }

    private static boolean queuesExist(TestCluster cluster, String... nodeIds) {
        try {
            for (String id : nodeIds) {
                if (!cluster.queueExists(id) || !cluster.requestQueueExists(id)) {
                    return false;
                }
            }
            return true;
        } catch (IOException testConnectionNotBackYet) {
            return false;
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
