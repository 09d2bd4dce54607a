package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each call of the task transport between three engine nodes on the real broker. */
class TaskTransportIT {
    private TestCluster cluster;
    private TaskTransport a;
    private TaskTransport b;

    @BeforeEach
    void startNodes() throws Exception {
        cluster = new TestCluster();
        a = cluster.start("node-a");
        b = cluster.start("node-b");
        cluster.start("node-c");
    }

    @AfterEach
    void stopNodes() throws Exception {
        cluster.close();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(what, Duration.ofSeconds(20), condition);
    }

    static void eventually(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static TaskEnvelope record(String sender, int seq) {
        return RecordingHandler.envelope(new TestTasks.Record(sender, null, seq, 0));
    }

    @Test
    void sendRunsTheTaskOnTheTargetNodeOnly() throws Exception {
        a.send("node-b", inLane("a", 1)).get(10, TimeUnit.SECONDS);
        eventually("task ran on node-b", () -> cluster.handler("node-b").records().size() == 1);
        // Markers from the same sender in the same lane: a stray copy on node-a or node-c would have run before them.
        a.send("node-a", inLane("a", 2)).get(10, TimeUnit.SECONDS);
        a.send("node-c", inLane("a", 2)).get(10, TimeUnit.SECONDS);
        assertOnlyMarkerRan("node-a", "a|a|2");
        assertOnlyMarkerRan("node-c", "a|a|2");
    }

    @Test
    void broadcastRunsOnEveryOtherNodeButNotOnTheSender() throws Exception {
        a.broadcast(inLane("a", 1)).get(10, TimeUnit.SECONDS);
        eventually("task ran on b and c", () -> cluster.handler("node-b").records().size() == 1
                && cluster.handler("node-c").records().size() == 1);
        // A marker through node-a's own queue in the same lane: the broadcast's copy there came before it.
        a.send("node-a", inLane("a", 2)).get(10, TimeUnit.SECONDS);
        assertOnlyMarkerRan("node-a", "a|a|2");
    }

    /** A task in the sender's lane: one publisher channel and, at the receiver, one task at a time in sending order. */
    private static TaskEnvelope inLane(String sender, int seq) {
        return RecordingHandler.envelope(new TestTasks.Record(sender, sender, seq, 0));
    }

    private void assertOnlyMarkerRan(String node, String markerId) throws InterruptedException {
        eventually("the marker ran on " + node, () -> !cluster.handler(node).records().isEmpty());
        assertEquals(List.of(markerId), cluster.handler(node).records().stream().map(TestTasks.Record::id).toList(),
                "nothing but the marker ran on " + node);
    }

    @Test
    void requestReturnsTheResultOfTheTargetNode() throws Exception {
        byte[] result = a.request("node-b", RecordingHandler.envelope(new TestTasks.Echo("hi", 0)), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertEquals("hi@node-b", RecordingHandler.CODEC.decode(result));
    }

    @Test
    void requestAllCollectsOneResultPerOtherNode() throws Exception {
        Map<String, CompletableFuture<byte[]>> results = a.requestAll(RecordingHandler.envelope(new TestTasks.Echo("x", 0)), Duration.ofSeconds(10));
        assertEquals(List.of("node-b", "node-c"), List.copyOf(results.keySet()));
        assertEquals("x@node-b", RecordingHandler.CODEC.decode(results.get("node-b").get(15, TimeUnit.SECONDS)));
        assertEquals("x@node-c", RecordingHandler.CODEC.decode(results.get("node-c").get(15, TimeUnit.SECONDS)));
    }

    @Test
    void unknownNodeIsAnIllegalStateExceptionAtOnce() {
        UnknownNodeException send = assertThrows(UnknownNodeException.class, () -> a.send("no-such-node", record("a", 1)));
        assertInstanceOf(IllegalStateException.class, send);
        assertThrows(UnknownNodeException.class, () -> a.request("no-such-node", record("a", 1), Duration.ofSeconds(5)));
    }

    @Test
    void memberWithoutQueueIsARoutingFailureNotASilentDrop() throws Exception {
        cluster.member("ghost"); // listed as member, but never started: the broker has no queue for it
        ExecutionException sent = assertThrows(ExecutionException.class, () -> a.send("ghost", record("a", 1)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownNodeException.class, sent.getCause());
        ExecutionException asked = assertThrows(ExecutionException.class,
                () -> a.request("ghost", record("a", 1), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
        assertInstanceOf(UnknownNodeException.class, asked.getCause());
    }

    @Test
    void aNodeThatIsNotAMemberItselfStillReachesAnotherNodesQueueAndIsToldWhenThereIsNone() throws Exception {
        // A Redis fail-over: both leases ended, neither node sees a member; both processes and queues live on.
        cluster.membership.remove("node-a", true);
        cluster.membership.remove("node-b", true);
        assertThrows(UnknownNodeException.class, () -> a.send("node-b", record("a", 1)), "an ordinary send refuses");
        a.sendWhileNotMember("node-b", record("a", 2)).get(10, TimeUnit.SECONDS);
        eventually("the task of the fenced node ran on node-b", () -> cluster.handler("node-b").records().size() == 1);
        ExecutionException none = assertThrows(ExecutionException.class,
                () -> a.sendWhileNotMember("no-such-node", record("a", 3)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownNodeException.class, none.getCause());
    }

    @Test
    void requestPastItsDeadlineFailsWithTimeoutAndTheLateTaskIsSkipped() throws Exception {
        CompletableFuture<byte[]> slow = a.request("node-b", RecordingHandler.envelope(new TestTasks.Echo("slow", 3_000)), Duration.ofMillis(500));
        ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        // the transport is still usable and answers the next request
        byte[] next = a.request("node-b", RecordingHandler.envelope(new TestTasks.Echo("next", 0)), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertEquals("next@node-b", RecordingHandler.CODEC.decode(next));
    }

    @Test
    void requestToANodeThatLeavesFailsWithoutWaitingForTheDeadline() throws Exception {
        CompletableFuture<byte[]> pending = a.request("node-b", RecordingHandler.envelope(new TestTasks.Echo("late", 5_000)), Duration.ofSeconds(60));
        Thread.sleep(200);
        cluster.membership.remove("node-b", true);
        ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownNodeException.class, e.getCause());
    }

    @Test
    void failingTaskIsReportedToTheSynchronousCaller() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> a.request("node-b", RecordingHandler.envelope(new TestTasks.Failing("boom")), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertEquals("node-b", remote.nodeId());
        assertTrue(remote.getMessage().contains("boom"), remote.getMessage());
    }

    @Test
    void taskClassTheReceiverCannotLoadIsAnErrorReply() throws Exception {
        byte[] body = RecordingHandler.CODEC.encode(new TestTasks.Echo("x", 0));
        byte[] unknown = renameClass(body, "TestTasks$Echo", "TestTasks$Ecno");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> a.request("node-b", new TaskEnvelope(unknown, null, "Ecno"), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
        RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, e.getCause());
        assertTrue(remote.getMessage().contains("TestTasks$Ecno"), remote.getMessage());
    }

    @Test
    void poisonMessagesAreAcknowledgedAndDoNotBlockTheQueue() throws Exception {
        String queue = cluster.queueOf("node-b");
        try (Channel raw = cluster.channel()) {
            // no sender header at all, corrupt bytes from a node, a class no loader knows, a task that throws
            raw.basicPublish("", queue, null, "not a task".getBytes(StandardCharsets.UTF_8));
            raw.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(Map.of(WireFormat.FROM, "node-x")).type("junk").build(),
                    new byte[]{1, 2, 3, 4});
            byte[] unknown = renameClass(RecordingHandler.CODEC.encode(new TestTasks.Echo("x", 0)), "TestTasks$Echo", "TestTasks$Ecno");
            raw.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(Map.of(WireFormat.FROM, "node-x")).build(), unknown);
        }
        a.send("node-b", RecordingHandler.envelope(new TestTasks.Failing("poison"))).get(10, TimeUnit.SECONDS);
        a.send("node-b", record("a", 7)).get(10, TimeUnit.SECONDS);
        // corrupt bytes, unknown class and the throwing task fail; the good task after them runs
        eventually("the good task after the poison ran", () -> cluster.handler("node-b").records().size() == 1
                && cluster.handler("node-b").failures() == 3);
        try (Channel raw = cluster.channel()) {
            AMQP.Queue.DeclareOk ok = raw.queueDeclarePassive(queue);
            assertEquals(0, ok.getMessageCount(), "every poison message was acknowledged");
        }
    }

    @Test
    void closeDeletesTheEmptyQueueAndLaterSendsAreRoutingFailures() throws Exception {
        assertTrue(cluster.queueExists("node-c"));
        cluster.transport("node-c").close();
        assertFalse(cluster.queueExists("node-c"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.send("node-c", record("a", 1)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnknownNodeException.class, e.getCause());
        assertThrows(TransportUnavailableException.class, () -> cluster.transport("node-c").send("node-a", record("c", 1)));
    }

    @Test
    void sendToItselfTravelsThroughTheOwnQueue() throws Exception {
        b.send("node-b", record("b", 1)).get(10, TimeUnit.SECONDS);
        eventually("ran on b", () -> cluster.handler("node-b").records().size() == 1);
    }

    @Test
    void quorumQueuesCarryTasksAndRequests() throws Exception {
        try (TestCluster quorum = new TestCluster()) {
            MessagingSettings settings = TestCluster.settings().withQueueType(MessagingSettings.QueueType.QUORUM);
            TaskTransport q1 = quorum.start("q-1", TestCluster.rabbit(), settings);
            quorum.start("q-2", TestCluster.rabbit(), settings);
            q1.send("q-2", record("q1", 1)).get(10, TimeUnit.SECONDS);
            eventually("task ran on q-2", () -> quorum.handler("q-2").records().size() == 1);
            byte[] result = q1.request("q-2", RecordingHandler.envelope(new TestTasks.Echo("quorum", 0)), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals("quorum@q-2", RecordingHandler.CODEC.decode(result));
        }
    }

    /**
     * clustering.task.persistent can differ between nodes while it is being switched: queues and
     * exchanges are declared alike either way, so a node with transient tasks joins a cluster whose
     * node queues were declared by a node with persistent ones, and tasks flow both ways.
     */
    @Test
    void nodesWithPersistentAndTransientTasksShareOneCluster() throws Exception {
        try (TestCluster mixed = new TestCluster()) {
            TaskTransport durable = mixed.start("p-1", TestCluster.rabbit(), TestCluster.settings());
            TaskTransport transientTasks = mixed.start("p-2", TestCluster.rabbit(), TestCluster.settings().withPersistent(false));
            durable.send("p-2", record("to-transient", 1)).get(10, TimeUnit.SECONDS);
            transientTasks.send("p-1", record("to-durable", 1)).get(10, TimeUnit.SECONDS);
            eventually("task ran on p-2", () -> mixed.handler("p-2").records().size() == 1);
            eventually("task ran on p-1", () -> mixed.handler("p-1").records().size() == 1);
        }
    }

    /** Replaces a class name inside Java serialization bytes with one of the same length. */
    static byte[] renameClass(byte[] bytes, String from, String to) {
        assertEquals(from.length(), to.length());
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        byte[] out = bytes.clone();
        int replaced = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            boolean match = true;
            for (int j = 0; j < f.length && match; j++) {
                match = out[i + j] == f[j];
            }
            if (match) {
                System.arraycopy(t, 0, out, i, t.length);
                replaced++;
            }
        }
        assertTrue(replaced > 0, "class name not found in the bytes");
        return out;
    }
}
