package org.ofclustering.openfire;

import org.ofclustering.testsupport.InMemoryCluster;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.codec.ClassAllowList;
import org.ofclustering.codec.ClassLoaderChain;
import org.ofclustering.codec.SerializationCodec;
import org.ofclustering.config.RabbitSettings;
import org.ofclustering.messaging.ClusterTopology;
import org.ofclustering.messaging.MessagingSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Openfire's four cluster-task calls through {@link ClusterTaskDispatcher} between two nodes on the
 * real broker, with a test {@code ClusterTask} (the interface is all the dispatcher needs here).
 */
class ClusterTaskDispatcherIT {
    private final String cluster = "it-dispatcher-" + UUID.randomUUID().toString().substring(0, 8);
    private final MessagingSettings settings = MessagingSettings.defaults().withRequestTimeout(Duration.ofSeconds(2));
    private ClusterTaskDispatcher a;
    private ClusterTaskDispatcher b;

    @BeforeEach
    void start() throws Exception {
        InMemoryCluster members = new InMemoryCluster();
        members.add("node-a");
        members.add("node-b");
        RabbitSettings rabbit = RabbitSettings.local("127.0.0.1", 5672, "/", "guest", "guest");
        SerializationCodec codec = new SerializationCodec(ClassAllowList.withDefaults(List.of()), ClassLoaderChain.ofDefaults());
        a = new ClusterTaskDispatcher(rabbit, cluster, members.view("node-a"), codec, settings);
        b = new ClusterTaskDispatcher(rabbit, cluster, members.view("node-b"), codec, settings);
        a.start();
        b.start();
    }

    @AfterEach
    void stop() throws Exception {
        a.stop();
        b.stop();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        try (Connection c = f.newConnection("test-cleanup"); Channel ch = c.createChannel()) {
            ClusterTopology topology = new ClusterTopology(cluster, settings);
            for (String node : List.of("node-a", "node-b")) {
                ch.queueDelete(topology.queueOf(node));
                ch.queueDelete(topology.requestQueueOf(node));
            }
            topology.deleteExchanges(ch);
        }
    }

    private static byte[] id(String node) {
        return node.getBytes(StandardCharsets.UTF_8);
    }

    private static String fresh() {
        return UUID.randomUUID().toString();
    }

    private static void awaitRuns(String id, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (CountingTask.runs(id) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " ran " + CountingTask.runs(id) + " times, expected " + expected);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void synchronousTaskForAllMembersIncludesTheLocalOneOnlyWhenAsked() {
        String withLocal = fresh();
        Collection<String> both = a.doSynchronousClusterTask(new CountingTask(withLocal, 0), true);
        assertEquals(List.of(withLocal + ":local", withLocal + ":remote"), new ArrayList<>(both));
        String remoteOnly = fresh();
        Collection<String> others = a.doSynchronousClusterTask(new CountingTask(remoteOnly, 0), false);
        assertEquals(List.of(remoteOnly + ":remote"), new ArrayList<>(others));
    }

    @Test
    void synchronousTaskForOneNodeRunsThereOrLocally() {
        String remote = fresh();
        assertEquals(remote + ":remote", a.doSynchronousClusterTask(new CountingTask(remote, 0), id("node-b")));
        String local = fresh();
        assertEquals(local + ":local", a.doSynchronousClusterTask(new CountingTask(local, 0), id("node-a")));
    }

    @Test
    void unknownNodeIsAnIllegalStateException() {
        assertThrows(IllegalStateException.class, () -> a.doClusterTask(new CountingTask(fresh(), 0), id("node-x")));
        assertThrows(IllegalStateException.class, () -> a.doSynchronousClusterTask(new CountingTask(fresh(), 0), id("node-x")));
    }

    @Test
    void timeoutGivesNullForOneNodeAndLeavesTheNodeOutOfAllResults() {
        String slow = fresh();
        long start = System.nanoTime();
        assertNull(a.doSynchronousClusterTask(new CountingTask(slow, 4_000), id("node-b")));
        Collection<String> all = a.doSynchronousClusterTask(new CountingTask(fresh(), 4_000), false);
        assertTrue(all.isEmpty(), "a node past the deadline contributes no result: " + all);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "callers were released by the deadline");
    }

    @Test
    void oneWayTasksRunOnTheirTargets() throws Exception {
        String toB = fresh();
        a.doClusterTask(new CountingTask(toB, 0), id("node-b"));
        awaitRuns(toB, 1);
        String local = fresh();
        CountingTask localTask = new CountingTask(local, 0);
        a.doClusterTask(localTask, id("node-a"));
        awaitRuns(local, 1);
        assertEquals(local + ":local", localTask.getResult());
        String all = fresh();
        a.doClusterTask(new CountingTask(all, 0));
        awaitRuns(all, 1);
        // Node b ran its copy, so the broadcast's copy is already in node-a's queue; a marker sent there
        // now comes after it and runs after it (one-way tasks of one class share a lane).
        String marker = fresh();
        b.doClusterTask(new CountingTask(marker, 0), id("node-a"));
        awaitRuns(marker, 1);
        assertEquals(1, CountingTask.runs(all), "a task for all other nodes does not run on the sender");
    }
}
