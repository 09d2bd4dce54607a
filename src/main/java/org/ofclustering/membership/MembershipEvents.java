package org.ofclustering.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers membership events to listeners on one thread, in order, apart from the heartbeat
 * thread so that a slow listener (Openfire cleaning up after a dead node) never delays renewal.
 */
final class MembershipEvents {
    private static final Logger Log = LoggerFactory.getLogger(MembershipEvents.class);

    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    MembershipEvents(String threadName) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void add(MembershipListener listener) {
        listeners.add(listener);
    }

    void remove(MembershipListener listener) {
        listeners.remove(listener);
    }

    /** Queues one event for every listener; the future completes when all have returned. */
    CompletableFuture<Void> fire(String name, Consumer<MembershipListener> event) {
        return CompletableFuture.runAsync(() -> {
            for (MembershipListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    Log.error("Membership listener {} failed on event {}", l, name, e);
                }
            }
        }, thread);
    }

    /** Stops after the queued events, waiting at most the given time for them. */
    void shutdown(long timeoutMs) throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
            Log.warn("Membership listeners did not finish within {} ms; interrupting them", timeoutMs);
            thread.shutdownNow();
        }
    }
}
