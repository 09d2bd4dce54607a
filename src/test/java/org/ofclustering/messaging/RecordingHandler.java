package org.ofclustering.messaging;

import org.ofclustering.codec.ClassAllowList;
import org.ofclustering.codec.ClassLoaderChain;
import org.ofclustering.codec.ObjectCodec;
import org.ofclustering.codec.SerializationCodec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The task handler of one test node: decodes {@link TestTask}s with the project codec, runs them,
 * and records what ran, what failed and what was handed over as orphaned.
 */
final class RecordingHandler implements TaskHandler {
    static final ObjectCodec CODEC = new SerializationCodec(ClassAllowList.withDefaults(List.of()), ClassLoaderChain.ofDefaults());

    private final String nodeId;
    private final List<TestTasks.Record> records = new ArrayList<>();
    private final List<TaskEnvelope> orphans = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxParallel = new AtomicInteger();
    private final Map<String, AtomicInteger> laneOccupancy = new ConcurrentHashMap<>();
    private final AtomicInteger laneViolations = new AtomicInteger();

    RecordingHandler(String nodeId) {
        this.nodeId = nodeId;
    }

    static TaskEnvelope envelope(TestTask task) {
        return new TaskEnvelope(CODEC.encode(task), task.lane(), task.getClass().getName());
    }

    @Override
    public byte[] execute(TaskEnvelope task, String fromNode, boolean replyExpected) throws Exception {
        try {
            Object decoded = CODEC.decode(task.body());
            Serializable result = ((TestTask) decoded).run(this);
            return replyExpected ? CODEC.encode(result) : null;
        } catch (Exception e) {
            failures.incrementAndGet();
            throw e;
        }
    }

    @Override
    public void orphaned(TaskEnvelope task, String targetNode) {
        synchronized (orphans) {
            orphans.add(task);
        }
    }

    void record(TestTasks.Record r) {
        synchronized (records) {
            records.add(r);
        }
    }

    void enterLane(String lane) {
        int now = running.incrementAndGet();
        maxParallel.accumulateAndGet(now, Math::max);
        if (lane != null && laneOccupancy.computeIfAbsent(lane, k -> new AtomicInteger()).incrementAndGet() > 1) {
            laneViolations.incrementAndGet();
        }
    }

    void leaveLane(String lane) {
        running.decrementAndGet();
        if (lane != null) {
            laneOccupancy.get(lane).decrementAndGet();
        }
    }

    String nodeId() {
        return nodeId;
    }

    List<TestTasks.Record> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    List<TaskEnvelope> orphans() {
        synchronized (orphans) {
            return new ArrayList<>(orphans);
        }
    }

    int failures() {
        return failures.get();
    }

    int maxParallel() {
        return maxParallel.get();
    }

    int laneViolations() {
        return laneViolations.get();
    }
}
