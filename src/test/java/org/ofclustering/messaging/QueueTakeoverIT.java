package org.ofclustering.messaging;

import org.junit.jupiter.api.Test;
import org.ofclustering.testsupport.JvmProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node in its own JVM is killed with tasks still in its queue: exactly one survivor (the senior)
 * gets every task the dead node had not finished, and the queue is deleted.
 */
class QueueTakeoverIT {
    private static final int TASKS = 300;

    @Test
    void seniorSurvivorTakesOverEveryTaskLeftByAKilledNode() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            cluster.start("survivor-1"); // joined first: the senior
            TaskTransport sender = cluster.start("survivor-2");
            cluster.member("victim");
            try (JvmProcess victim = JvmProcess.start("victim", TaskNodeMain.class, List.of(),
                    cluster.name, "victim", "survivor-1,survivor-2,victim", "100")) {
                victim.awaitLine("ready", Duration.ofSeconds(60));

                Set<String> sent = new HashSet<>();
                List<CompletableFuture<Void>> confirms = new ArrayList<>();
                for (int i = 1; i <= TASKS; i++) {
                    TestTasks.Record r = new TestTasks.Record("survivor-2", "user" + (i % 10), i, 0);
                    confirms.add(sender.send("victim", RecordingHandler.envelope(r)));
                    sent.add(r.id());
                }
                for (CompletableFuture<Void> c : confirms) {
                    c.get(30, TimeUnit.SECONDS);
                }
                victim.awaitLine("ran ", Duration.ofSeconds(30));
                victim.kill();
                cluster.membership.remove("victim", true);

                RecordingHandler senior = cluster.handler("survivor-1");
                TaskTransportIT.eventually("the victim's queue is taken over and deleted", () -> {
                    try {
                        return !cluster.queueExists("victim");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                Set<String> ranOnVictim = new HashSet<>();
                for (String line : victim.output().split("\n")) {
                    if (line.startsWith("ran ")) {
                        ranOnVictim.add(line.substring(4));
                    }
                }
                Set<String> takenOver = new HashSet<>();
                for (TaskEnvelope e : senior.orphans()) {
                    takenOver.add(((TestTasks.Record) RecordingHandler.CODEC.decode(e.body())).id());
                }
                assertFalse(ranOnVictim.isEmpty(), "the victim ran some tasks before it was killed");
                assertFalse(takenOver.isEmpty(), "tasks were left in the victim's queue");
                Set<String> accounted = new HashSet<>(ranOnVictim);
                accounted.addAll(takenOver);
                Set<String> lost = new HashSet<>(sent);
                lost.removeAll(accounted);
                assertTrue(lost.isEmpty(), "lost tasks: " + lost);
                assertEquals(takenOver.size(), senior.orphans().size(), "each task handed over once");
                assertEquals(0, cluster.handler("survivor-2").orphans().size(), "only the senior takes over");
                assertTrue(ranOnVictim.size() + takenOver.size() < TASKS + 20, "only tasks in flight at the kill are repeated");
            }
        }
    }

    @Test
    void queueOfAFrozenNodeIsTakenOverOnlyAfterTheBrokerDroppedItsConnection() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            cluster.start("survivor");
            TaskTransport sender = cluster.start("sender");
            cluster.member("frozen");
            // heartbeat 2 s: the broker closes the frozen node's connection after a few seconds
            try (JvmProcess frozen = JvmProcess.start("frozen", TaskNodeMain.class, List.of(),
                    cluster.name, "frozen", "survivor,sender,frozen", "200", "2")) {
                frozen.awaitLine("ready", Duration.ofSeconds(60));
                Set<String> sent = new HashSet<>();
                for (int i = 1; i <= 100; i++) {
                    TestTasks.Record r = new TestTasks.Record("sender", "user" + (i % 5), i, 0);
                    sender.send("frozen", RecordingHandler.envelope(r)).get(30, TimeUnit.SECONDS);
                    sent.add(r.id());
                }
                frozen.awaitLine("ran ", Duration.ofSeconds(30));
                frozen.freeze(); // it holds the undelivered rest unacknowledged
                cluster.membership.remove("frozen", true);
                RecordingHandler survivor = cluster.handler("survivor");
                TaskTransportIT.eventually("the frozen node's queue is taken over after its connection is dropped", () -> {
                    try {
                        return !cluster.queueExists("frozen");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                frozen.kill();
                Set<String> accounted = new HashSet<>();
                for (String line : frozen.output().split("\n")) {
                    if (line.startsWith("ran ")) {
                        accounted.add(line.substring(4));
                    }
                }
                int ranOnFrozen = accounted.size();
                for (TaskEnvelope e : survivor.orphans()) {
                    accounted.add(((TestTasks.Record) RecordingHandler.CODEC.decode(e.body())).id());
                }
                Set<String> lost = new HashSet<>(sent);
                lost.removeAll(accounted);
                assertTrue(lost.isEmpty(), "lost tasks: " + lost);
                assertTrue(survivor.orphans().size() >= 100 - ranOnFrozen, "the messages the frozen node held came back and were taken over");
            }
        }
    }
}
