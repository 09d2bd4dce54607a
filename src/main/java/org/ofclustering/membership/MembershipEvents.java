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
    private volatile Thread eventThread;

    MembershipEvents(String threadName) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            eventThread = t;
            return t;
        });
    }

    void add(MembershipListener listener) {
        listeners.add(listener);
    }

    void remove(MembershipListener listener) {
        listeners.remove(listener);
    }

    /**
     * Queues one event for every listener; the future completes when all have returned. Fired from
     * a listener itself (e.g. one that stops the service), the event runs at once, since waiting
     * for the queue from its own thread would never end.
     */
    CompletableFuture<Void> fire(String name, Consumer<MembershipListener> event) {
        Runnable delivery = () -> {
            for (MembershipListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    Log.error("Membership listener {} failed on event {}", l, name, e);
                }
            }
        };
        if (Thread.currentThread() == eventThread) {
            delivery.run();
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(delivery, thread);
    }

    /** Stops after the queued events, waiting at most the given time for them. */
    void shutdown(long timeoutMs) throws InterruptedException {
        thread.shutdown();
        if (Thread.currentThread() == eventThread) {
            return; // closed by a listener: the thread ends after this event
        }
        if (!thread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
            Log.warn("Membership listeners did not finish within {} ms; interrupting them", timeoutMs);
            thread.shutdownNow();
        }
    }
}
