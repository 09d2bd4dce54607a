package org.ofclustering.messaging;

import java.util.HashMap;
import java.util.Random;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One sender of a recovery test: numbered tasks from one node to another, each in one of ten lanes
 * chosen at random, with a random pause of 0-3 ms between sends (and now and then a burst without
 * pause), until told to stop. The choices come from a seed ({@code -Dcheck.seed=N} repeats a run).
 * Remembers every task it sent (the history the assertions check), which publishes the broker
 * confirmed, and counts the sends that failed fast because the connection was down.
 */
final class TaskTraffic extends Thread {
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final AtomicInteger failedFast = new AtomicInteger();
    final AtomicInteger otherFailures = new AtomicInteger();
    private final TaskTransport from;
    private final String to;
    private final AtomicBoolean stop;
    private final int maxTasks;
    private final Random random;
    /** The seed of this sender's choices. */
    final long seed;

    TaskTraffic(TaskTransport from, String to, AtomicBoolean stop, int maxTasks, long seed) {
        super("traffic-" + from.localNodeId());
        this.seed = seed;
        this.random = new Random(seed);
        this.from = from;
        this.to = to;
        this.stop = stop;
        this.maxTasks = maxTasks;
    }

    /** Starts traffic both ways between two nodes; returns [a to b, b to a] once each way had 100 tasks confirmed. */
    static TaskTraffic[] bothWays(TaskTransport a, TaskTransport b, AtomicBoolean stop, int maxTasks) throws InterruptedException {
        long seed = seed();
        System.out.println("task traffic: seed " + seed + " (repeat with -Dcheck.seed=" + seed + ")");
        TaskTraffic aToB = new TaskTraffic(a, b.localNodeId(), stop, maxTasks, seed);
        TaskTraffic bToA = new TaskTraffic(b, a.localNodeId(), stop, maxTasks, seed + 1);
        aToB.start();
        bToA.start();
        TaskTransportIT.eventually("traffic flows", () -> aToB.confirmed.size() > 100 && bToA.confirmed.size() > 100);
        return new TaskTraffic[]{aToB, bToA};
    }

    @Override
    public void run() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 1; i <= maxTasks && !stop.get() && System.nanoTime() < deadline; i++) {
            TestTasks.Record r = new TestTasks.Record(from.localNodeId(), "lane" + random.nextInt(10), i, 0);
            try {
                CompletableFuture<Void> f = from.send(to, RecordingHandler.envelope(r));
                sent.add(r.id());
                f.whenComplete((v, e) -> {
                    if (e == null) {
                        confirmed.add(r.id());
                    } else if (!(e instanceof TransportUnavailableException)) {
                        otherFailures.incrementAndGet();
                    }
                });
                pending.add(f);
            } catch (TransportUnavailableException e) {
                failedFast.incrementAndGet();
            }
            int pause = random.nextInt(20) == 0 ? 0 : random.nextInt(4); // now and then a burst
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
        for (CompletableFuture<Void> f : pending) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // counted by the callback above
            } catch (Exception e) {
                otherFailures.incrementAndGet();
            }
        }
    }

    /**
     * Every task this sender sent ran on the target exactly once, and in each lane in the order
     * they were sent (also those held while the broker was away, and those sent again because their
     * confirm was lost).
     */
    void assertSentRanOnceInOrder(RecordingHandler target) throws InterruptedException {
        String what = from.localNodeId() + " to " + to;
        TaskTransportIT.eventually(what + ": every sent task ran", () -> {
            Set<String> ran = new HashSet<>();
            target.records().forEach(r -> ran.add(r.id()));
            return ran.containsAll(sent);
        });
        assertConfirmedRanOnce(target);
        Map<String, Integer> lastInLane = new HashMap<>();
        for (TestTasks.Record r : target.records()) {
            if (!r.sender.equals(from.localNodeId()) || !r.lane.startsWith("lane")) {
                continue;
            }
            Integer before = lastInLane.put(r.lane, r.seq);
            assertTrue(before == null || before < r.seq, what + ": lane " + r.lane + " ran task " + r.seq + " after " + before);
        }
    }

    /** The run's seed: {@code -Dcheck.seed}, else a fresh one. */
    static long seed() {
        String given = System.getProperty("check.seed");
        return given != null ? Long.parseLong(given) : System.nanoTime();
    }

    /** Every task whose publish was confirmed ran on the target, and no task of this sender ran twice. */
    void assertConfirmedRanOnce(RecordingHandler target) throws InterruptedException {
        String what = from.localNodeId() + " to " + to;
        TaskTransportIT.eventually(what + ": every confirmed task ran", () -> {
            Set<String> ran = new HashSet<>();
            target.records().forEach(r -> ran.add(r.id()));
            return ran.containsAll(confirmed);
        });
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        target.records().stream().filter(r -> r.sender.equals(from.localNodeId())).forEach(r -> runs.merge(r.id(), 1, Integer::sum));
        runs.values().removeIf(n -> n == 1);
        assertTrue(runs.isEmpty(), what + ": tasks ran more than once: " + runs);
    }
}
