package org.ofclustering.openfire;

import org.jivesoftware.util.cache.ClusterTask;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster task for the dispatcher tests: counts its runs per id (all test nodes share one JVM),
 * pauses if asked, answers with its id and whether it ran on the very instance that was submitted
 * (a local run) or on a decoded copy (a remote run).
 */
public class CountingTask implements ClusterTask<String> {
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    private String id;
    private int pauseMillis;
    private final transient boolean original;
    private String result;

    public CountingTask() {
        this.original = false;
    }

    CountingTask(String id, int pauseMillis) {
        this.id = id;
        this.pauseMillis = pauseMillis;
        this.original = true;
    }

    static int runs(String id) {
        AtomicInteger n = RUNS.get(id);
        return n == null ? 0 : n.get();
    }

    @Override
    public String getResult() {
        return result;
    }

    @Override
    public void run() {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RUNS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        result = id + (original ? ":local" : ":remote");
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeUTF(id);
        out.writeInt(pauseMillis);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        id = in.readUTF();
        pauseMillis = in.readInt();
    }
}
