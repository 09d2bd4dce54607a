package org.ofclustering.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two sending nodes, four threads each, send thousands of tasks over 40 lanes (recipients) to a
 * third node: every task arrives, each lane runs serially, and each sender thread's tasks of one
 * lane run in the order that thread sent them, while different lanes run in parallel.
 */
class LaneOrderingIT {
    private static final int THREADS_PER_SENDER = 4;
    private static final int TASKS_PER_THREAD = 1_000;
    private static final int LANES = 40;

    @Test
    void tasksOfOneLaneRunInSendOrderAndLanesRunInParallel() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            List<TaskTransport> senders = List.of(cluster.start("sender-1"), cluster.start("sender-2"));
            cluster.start("receiver");
            ExecutorService threads = Executors.newFixedThreadPool(senders.size() * THREADS_PER_SENDER);
            try {
                List<Future<List<CompletableFuture<Void>>>> work = new ArrayList<>();
                for (TaskTransport sender : senders) {
                    for (int t = 0; t < THREADS_PER_SENDER; t++) {
                        String name = sender.localNodeId() + "/t" + t;
                        long seed = name.hashCode();
                        work.add(threads.submit(() -> sendAll(sender, name, new Random(seed))));
                    }
                }
                int sent = 0;
                for (Future<List<CompletableFuture<Void>>> f : work) {
                    for (CompletableFuture<Void> confirm : f.get(120, TimeUnit.SECONDS)) {
                        confirm.get(60, TimeUnit.SECONDS);
                        sent++;
                    }
                }
                int expected = sent;
                RecordingHandler receiver = cluster.handler("receiver");
                TaskTransportIT.eventually("all " + expected + " tasks ran", () -> receiver.records().size() == expected);

                Map<String, Integer> lastSeq = new HashMap<>();
                for (TestTasks.Record r : receiver.records()) {
                    String key = r.sender + "|" + r.lane;
                    int previous = lastSeq.getOrDefault(key, 0);
                    assertEquals(previous + 1, r.seq, "task " + r.id() + " ran after seq " + previous);
                    lastSeq.put(key, r.seq);
                }
                assertEquals(0, receiver.laneViolations(), "two tasks of one lane ran at the same time");
                assertTrue(receiver.maxParallel() > 1, "lanes never ran in parallel");
                assertEquals(senders.size() * THREADS_PER_SENDER * TASKS_PER_THREAD, expected);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static List<CompletableFuture<Void>> sendAll(TaskTransport sender, String name, Random random) {
        Map<String, Integer> seq = new HashMap<>();
        List<CompletableFuture<Void>> confirms = new ArrayList<>(TASKS_PER_THREAD);
        for (int i = 0; i < TASKS_PER_THREAD; i++) {
            String lane = "user" + random.nextInt(LANES) + "@example.org/phone";
            int n = seq.merge(lane, 1, Integer::sum);
            int sleep = i % 100 == 0 ? 2 : 0; // a few slow tasks, so that lanes overtake each other
            confirms.add(sender.send("receiver", RecordingHandler.envelope(new TestTasks.Record(name, lane, n, sleep))));
        }
        return confirms;
    }
}
