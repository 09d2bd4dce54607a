package org.ofclustering.messaging;

import java.time.Duration;

import org.ofclustering.membership.ClusterView;
import org.ofclustering.membership.MemberInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Nodes that left while their queue may still hold tasks, and who takes those tasks over: the
 * senior surviving member, alone. Every survivor remembers the departure, so that when the senior
 * itself dies before it finished, the next senior takes over both queues. A queue that still has a
 * consumer (a frozen node the broker has not dropped yet) is retried every 50 ms while the broker
 * may be about to drop it (the announced departure waits for that), then every 250 ms, for
 * {@code takeoverWait}; after that it is left to expire.
 * Takeovers run one at a time on a thread of their own (a long takeover must not delay the
 * request deadlines kept on the transport's timer).
 */
final class DepartedNodes {
    private static final Logger Log = LoggerFactory.getLogger(DepartedNodes.class);
    /** Retry pause while the broker is expected to drop a frozen node's connection (three heartbeats), then afterwards. */
    private static final long SOON_RETRY_MILLIS = 50;
    private static final long RETRY_MILLIS = 250;

    private final ClusterView view;
    private final QueueTakeover takeover;
    private final ScheduledExecutorService timer;
    private final MessagingSettings settings;
    /** Departed node id to the time (ms) it was reported gone. */
    private final Map<String, Long> departed = new ConcurrentHashMap<>();
    /** Departures whose queue was handled (taken over, or left to expire), with the time (ms) they were reported. */
    private final Map<String, Long> handled = new ConcurrentHashMap<>();
    /** How long {@link #awaitTakeover} waits for a departure the view shows but the listener has not reported yet. */
    private static final long REPORT_WAIT_MILLIS = 500;
    private volatile boolean closed;

    DepartedNodes(ClusterView view, QueueTakeover takeover, MessagingSettings settings) {
        this.view = view;
        this.takeover = takeover;
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ofc-tasks-takeover");
            t.setDaemon(true);
            return t;
        });
    }

    void departed(String nodeId, boolean crashed) {
        if (nodeId.equals(view.localNodeId())) {
            return;
        }
        departed.putIfAbsent(nodeId, System.currentTimeMillis());
        handled.remove(nodeId); // an earlier incarnation's departure
        if (crashed) {
            Log.info("Node {} crashed; the senior survivor takes over the tasks left in its queue", nodeId);
        }
        takeOverIfSenior();
    }

    /**
     * Waits until the tasks left in a departed node's queue have been handed over (the senior
     * survivor deletes the queue once drained), on every survivor. Announcing a departure to
     * Openfire only after that keeps the stanzas that were in flight ahead of the ones senders send
     * once they see the recipient gone. While the queue is still consumed (a frozen node whose
     * connection the broker has not dropped yet) it waits up to three AMQP heartbeats for the
     * broker to drop it (the heartbeat follows the lease, so that is normally over already); past
     * that it returns, since no takeover can start while the consumer lives.
     *
     * @return false when the wait timed out
     */
    boolean awaitTakeover(String nodeId, Duration timeout) {
        long start = System.nanoTime();
        try {
            // The view drops a departed node before its listeners hear of it: a sender that already sees it
            // gone waits for the report, else it would overtake the tasks still in the node's queue.
            while (!departed.containsKey(nodeId)) {
                if (handled.containsKey(nodeId) || view.isMember(nodeId)
                        || System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(REPORT_WAIT_MILLIS)) {
                    return true;
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long deadline = start + timeout.toNanos();
        long consumedDeadline = start + settings.heartbeat().multipliedBy(3).toNanos();
        try {
            while (true) {
                QueueTakeover.QueueState state = takeover.queueState(nodeId);
                if (state == QueueTakeover.QueueState.GONE) {
                    return true;
                }
                long now = System.nanoTime();
                if (state == QueueTakeover.QueueState.CONSUMED && now - consumedDeadline > 0) {
                    Log.info("Queue of departed node {} still has a consumer after {} s; its departure is announced "
                            + "before the broker dropped its connection", nodeId, settings.heartbeat().multipliedBy(3).toSeconds());
                    return true;
                }
                if (now - deadline > 0) {
                    return false;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    /** Called on a departure and when this node becomes senior. */
    void takeOverIfSenior() {
        if (!closed) {
            timer.execute(this::run);
        }
    }

    private boolean isSenior() {
        Iterator<MemberInfo> it = view.members().iterator();
        return it.hasNext() && it.next().nodeId().equals(view.localNodeId());
    }

    private void run() {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        departed.values().removeIf(since -> now - since > settings.queueExpiry().toMillis()); // the broker expired those queues
        handled.values().removeIf(since -> now - since > settings.queueExpiry().toMillis());
        if (!isSenior() || departed.isEmpty()) {
            return;
        }
        boolean retry = false;
        boolean soon = false;
        for (Map.Entry<String, Long> e : departed.entrySet()) {
            String node = e.getKey();
            if (view.isMember(node)) {
                departed.remove(node); // it came back: its queue is its own again
                continue;
            }
            try {
                if (takeover.takeOver(node) == QueueTakeover.Outcome.DONE) {
                    settle(node);
                } else if (now - e.getValue() > settings.takeoverWait().toMillis()) {
                    Log.warn("Queue of departed node {} still has a consumer after {} s; left in place, it expires {} min after the consumer is gone",
                            node, settings.takeoverWait().toSeconds(), settings.queueExpiry().toMinutes());
                    settle(node);
                } else {
                    retry = true;
                    soon |= now - e.getValue() < settings.heartbeat().multipliedBy(3).toMillis();
                }
            } catch (IOException | RuntimeException ex) {
                Log.warn("Could not take over the queue of departed node {} yet: {}", node, ex.toString());
                retry = true;
            }
        }
        if (retry && !closed) {
            timer.schedule(this::run, soon ? SOON_RETRY_MILLIS : RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void settle(String node) {
        Long since = departed.remove(node);
        handled.put(node, since == null ? System.currentTimeMillis() : since);
    }

    void close() {
        closed = true;
        timer.shutdownNow();
    }
}
