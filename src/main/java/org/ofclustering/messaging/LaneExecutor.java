package org.ofclustering.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a bounded pool such that tasks of one lane run one at a time, in submission order,
 * while different lanes run in parallel. A lane occupies a worker only while it has queued tasks,
 * and gives its worker up after a batch so that a busy lane cannot starve the others.
 * Tasks without a lane run as soon as a worker is free.
 */
final class LaneExecutor {
    private static final Logger Log = LoggerFactory.getLogger(LaneExecutor.class);
    private static final int BATCH = 32;

    private final ExecutorService pool;
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Tasks accepted and not yet finished (queued in a lane or running), for the status pages. */
    private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();

    LaneExecutor(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    long inFlight() {
        return inFlight.get();
    }

    void execute(String lane, Runnable task) {
        inFlight.incrementAndGet();
        if (lane == null) {
            pool.execute(() -> runGuarded(task));
            return;
        }
        Lane toSchedule = null;
        synchronized (lanes) {
            Lane l = lanes.get(lane);
            if (l == null) {
                l = new Lane(lane);
                lanes.put(lane, l);
                toSchedule = l;
            }
            l.queue.add(task);
        }
        if (toSchedule != null) {
            pool.execute(toSchedule);
        }
    }

    private final class Lane implements Runnable {
        private final String key;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        Lane(String key) {
            this.key = key;
        }

        @Override
        public void run() {
            for (int i = 0; i < BATCH; i++) {
                Runnable next;
                synchronized (lanes) {
                    next = queue.poll();
                    if (next == null) {
                        lanes.remove(key);
                        return;
                    }
                }
                runGuarded(next);
            }
            pool.execute(this); // stays registered: later tasks of this lane queue up behind the rest
        }
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // tasks handle their own failures; this keeps a worker alive if one does not
            Log.error("Unexpected failure of a task runner", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Stops accepting tasks and waits for queued and running ones, at most {@code timeout}. */
    boolean shutdown(Duration timeout) throws InterruptedException {
        // lanes re-submit themselves; wait until they are drained before refusing new submissions
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lanes) {
                if (lanes.isEmpty()) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        pool.shutdown();
        return pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
