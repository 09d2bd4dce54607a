package org.ofclustering.openfire;

import java.util.function.BiConsumer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jivesoftware.openfire.muc.cluster.NewClusterMemberJoinedTask;
import org.jivesoftware.util.cache.ClusterTask;
import org.ofclustering.codec.ObjectCodec;
import org.ofclustering.config.RabbitSettings;
import org.ofclustering.membership.ClusterView;
import org.ofclustering.messaging.MessagingSettings;
import org.ofclustering.messaging.TaskEnvelope;
import org.ofclustering.messaging.TaskHandler;
import org.ofclustering.messaging.TaskTransport;
import org.ofclustering.messaging.TransportUnavailableException;
import org.ofclustering.messaging.UnknownNodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The four cluster-task calls of Openfire's {@code CacheFactoryStrategy} on the
 * {@link TaskTransport}, and the transport's {@link TaskHandler} for Openfire tasks.
 * <ul>
 * <li>Tasks are encoded with the shared {@link ObjectCodec}; a task for this node runs locally.</li>
 * <li>Lanes: a task carrying a stanza ({@code RemotePacketExecution}, {@code ProcessPacketTask}) runs
 * in the lane of its recipient (stanzas to one recipient keep their order, see {@link StanzaTasks});
 * every other one-way task in the lane of its class (tasks of one kind keep their order);
 * synchronous tasks in no lane.</li>
 * <li>An unknown or departed node is an {@link IllegalStateException}. A stanza whose task can no
 * longer reach its node (left in a crashed node's queue, refused by the broker, or past the
 * transport's limit of tasks held while the broker is away) or that failed where it ran is
 * re-routed through the routing table, which by then stores it offline or bounces it; any other
 * such task is dropped with a log line.</li>
 * </ul>
 */
public final class ClusterTaskDispatcher implements TaskHandler {
    private static final Logger Log = LoggerFactory.getLogger(ClusterTaskDispatcher.class);
    /** Set while a stanza is re-routed: sends on this thread then wait for the broker, so a failure cannot loop. */
    private static final ThreadLocal<Boolean> REROUTING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** How long a task for a node that just departed waits for the failed sends to it that went before. */
    private static final long DEPARTED_SENDS_WAIT_MILLIS = 3_000;

    /** How long a stanza for a departed node waits for the tasks left in that node's queue to be handled first. */
    private static final Duration DEPARTED_TAKEOVER_WAIT = Duration.ofSeconds(3);
    private final ObjectCodec codec;
    private final TaskTransport transport;
    private final ClusterView view;
    /**
     * Per node, the handling of the one-way tasks sent to it that are not finished yet: confirmed, or
     * failed after sending and handed to Openfire's undeliverable handling. A task for a node that
     * departed meanwhile waits for these, so that a recipient's stanzas keep their order.
     */
    private final Map<String, AtomicInteger> sendsInFlight = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Boolean> memberAnnounced = (node, joined) -> { };
    private volatile Predicate<String> expectedBack = node -> false;
    private volatile long expectedBackBoundNanos;

    public ClusterTaskDispatcher(RabbitSettings rabbit, String clusterName, ClusterView view, ObjectCodec codec, MessagingSettings settings) {
        this.codec = codec;
        this.view = view;
        this.transport = new TaskTransport(rabbit, clusterName, view, this, settings);
    }

    /**
     * Told the node id of every node that says its users' routes are restored: with {@code true}
     * for its "new member" task (sent once its join is done), with {@code false} for a
     * {@link RoutesRestoredTask} (a member's answer to this node's own announcement).
     */
    public void onMemberAnnounced(BiConsumer<String, Boolean> listener) {
        this.memberAnnounced = listener;
    }

    /**
     * Nodes this node expects back although they are not in its view: it rejoined after Redis lost
     * the leases, and they have not rejoined yet (their users are still connected to them). A stanza
     * for such a node waits, at most {@code bound}, for it to be a member again instead of being
     * handled as undeliverable (which would store it offline while its recipient is online).
     */
    public void expectBack(Predicate<String> nodes, Duration bound) {
        this.expectedBackBoundNanos = bound.toNanos();
        this.expectedBack = nodes;
    }

    /** See {@link TaskTransport#awaitTakeover}. */
    public boolean awaitTakeover(String nodeId, Duration timeout) {
        return transport.awaitTakeover(nodeId, timeout);
    }

    /** See {@link TaskTransport#queueDepths()}. */
    public java.util.Map<String, long[]> queueDepths() {
        return transport.queueDepths();
    }

    /** See {@link TaskTransport#tasksInFlight()}. */
    public long tasksInFlight() {
        return transport.tasksInFlight();
    }

    /** See {@link TaskTransport#returnedCount()}. */
    public long returnedCount() {
        return transport.returnedCount();
    }

    /** True while the connection to RabbitMQ is up. */
    public boolean isConnected() {
        return transport.isConnected();
    }

    public void start() throws IOException {
        transport.start();
    }

    /** Stops the transport; after this node left the membership. */
    public void stop() {
        transport.close();
    }

    public void doClusterTask(ClusterTask<?> task) {
        TaskEnvelope envelope = envelope(task, laneOf(task));
        try {
            transport.broadcast(envelope).whenComplete((ok, e) -> {
                if (e != null) {
                    Log.warn("Cluster task {} for all nodes may not have reached them: {}", envelope.kind(), e.getMessage());
                }
            });
        } catch (TransportUnavailableException e) {
            // callers treat broadcasts as notifications; an exception would abort unrelated work (e.g. a property change)
            Log.warn("Cluster task {} for all nodes dropped: {}", envelope.kind(), e.getMessage());
        }
    }

    public void doClusterTask(ClusterTask<?> task, byte[] nodeID) {
        String node = nodeId(nodeID);
        String lane = laneOf(task);
        if (node.equals(transport.localNodeId())) {
            transport.runLocally(lane, () -> runLocally(task));
            return;
        }
        // Core may still hold a route to a departed node's user: such a stanza is handled as core would
        // after failing to reach it, not with an exception (core would log a stack trace for every stanza).
        boolean stanza = !REROUTING.get() && StanzaTasks.carriesStanza(task.getClass().getName());
        if (stanza && !view.isMember(transport.localNodeId())) {
            // This node is fenced, not the recipient's: a stanza core routed before it noticed goes to
            // the recipient's node all the same (handled as undeliverable only if that node has no queue).
            TaskEnvelope envelope = envelope(task, lane);
            track(node, envelope, transport.sendWhileNotMember(node, envelope));
            return;
        }
        if (stanza && !view.isMember(node) && expectedBack.test(node)) {
            awaitReturnOf(node);
        }
        if (!view.isMember(node)) {
            awaitSendsInFlight(node);
            if (stanza) {
                // Stanzas still queued for that node are handled first, so the recipient's order holds.
                transport.awaitTakeover(node, DEPARTED_TAKEOVER_WAIT);
                reroute(task, "its recipient's node " + node + " is not a live member");
                return;
            }
        }
        TaskEnvelope envelope = envelope(task, lane);
        CompletableFuture<Void> confirmed;
        try {
            confirmed = transport.send(node, envelope); // waits for a departed node's takeover before it refuses
        } catch (UnknownNodeException e) {
            if (!stanza) {
                throw e;
            }
            awaitSendsInFlight(node); // it departed just now
            reroute(task, "its recipient's node " + node + " departed");
            return;
        }
        if (REROUTING.get()) {
            awaitConfirm(confirmed, node);
            return;
        }
        track(node, envelope, confirmed);
    }

    /** Counts a one-way task as in flight to {@code node} until confirmed; a failed one is handled as undeliverable. */
    private void track(String node, TaskEnvelope envelope, CompletableFuture<Void> confirmed) {
        AtomicInteger pending = sendsInFlight.computeIfAbsent(node, n -> new AtomicInteger());
        pending.incrementAndGet();
        confirmed.whenComplete((ok, e) -> {
            if (e == null) {
                pending.decrementAndGet();
                return;
            }
            Log.warn("Cluster task {} for node {} failed after it was sent: {}", envelope.kind(), node, e.getMessage());
            transport.runLocally(null, () -> {
                try {
                    orphaned(envelope, node);
                } finally {
                    pending.decrementAndGet();
                }
            });
        });
    }

    /** Waits until an expected node is a member again, or no longer expected, or the bound passed. */
    private void awaitReturnOf(String node) {
        long deadline = System.nanoTime() + expectedBackBoundNanos;
        while (!view.isMember(node) && expectedBack.test(node) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Waits (bounded) until every one-way task sent to that node before is confirmed or handled as undeliverable. */
    private void awaitSendsInFlight(String node) {
        AtomicInteger pending = sendsInFlight.get(node);
        if (pending == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEPARTED_SENDS_WAIT_MILLIS);
        try {
            while (pending.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending.get() > 0) {
            Log.debug("{} earlier task(s) for departed node {} not handled yet", pending.get(), node);
        } else {
            sendsInFlight.remove(node, pending);
        }
    }

    public <T> Collection<T> doSynchronousClusterTask(ClusterTask<T> task, boolean includeLocalMember) {
        Duration timeout = transport.settings().requestTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, CompletableFuture<byte[]>> remote = Map.of();
        try {
            remote = transport.requestAll(envelope(task, null), timeout); // encoded before the local run changes the task
        } catch (TransportUnavailableException e) {
            Log.warn("Synchronous cluster task {} reaches no other node: {}", task.getClass().getName(), e.getMessage());
        }
        List<T> results = new ArrayList<>();
        if (includeLocalMember && runLocally(task)) {
            results.add(task.getResult());
        }
        for (Map.Entry<String, CompletableFuture<byte[]>> e : remote.entrySet()) {
            try {
                results.add(decodeResult(e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                Log.warn("Interrupted while waiting for cluster task {}; returning partial results", task.getClass().getName());
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException ex) {
                Log.warn("No result from node {} for cluster task {}: {}", e.getKey(), task.getClass().getName(), failure(ex));
            }
        }
        return results;
    }

    public <T> T doSynchronousClusterTask(ClusterTask<T> task, byte[] nodeID) {
        String node = nodeId(nodeID);
        if (node.equals(transport.localNodeId())) {
            return runLocally(task) ? task.getResult() : null;
        }
        Duration timeout = transport.settings().requestTimeout();
        CompletableFuture<byte[]> reply;
        try {
            reply = transport.request(node, envelope(task, null), timeout); // IllegalStateException for an unknown node
        } catch (TransportUnavailableException e) {
            Log.warn("Cluster task {} for node {} not sent: {}", task.getClass().getName(), node, e.getMessage());
            return null;
        }
        try {
            return decodeResult(reply.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException gone) {
                throw gone; // the node left while we waited
            }
            Log.warn("No result from node {} for cluster task {}: {}", node, task.getClass().getName(), failure(e));
            return null;
        } catch (TimeoutException | RuntimeException e) {
            Log.warn("No result from node {} for cluster task {}: {}", node, task.getClass().getName(), failure(e));
            return null;
        }
    }

    @Override
    public byte[] execute(TaskEnvelope envelope, String fromNode, boolean replyExpected) {
        Object decoded = codec.decode(envelope.body());
        if (!(decoded instanceof ClusterTask<?> task)) {
            throw new IllegalArgumentException("not a cluster task: " + (decoded == null ? "null" : decoded.getClass().getName()));
        }
        if (StanzaTasks.clientSessionGone(task)) {
            reroute(task, "its recipient's session left node " + transport.localNodeId());
            return replyExpected ? codec.encode(null) : null;
        }
        try {
            task.run();
            if (task instanceof NewClusterMemberJoinedTask) {
                memberAnnounced.accept(fromNode, true);
            } else if (task instanceof RoutesRestoredTask) {
                memberAnnounced.accept(fromNode, false);
            }
        } catch (RuntimeException e) {
            if (replyExpected || !StanzaTasks.carriesStanza(envelope.kind())) {
                throw e;
            }
            // Not dropped: the stanza goes to Openfire's handling of an unreachable recipient (offline storage or a bounce).
            Log.warn("Stanza task {} from node {} failed here ({}); its stanza is handed to the unreachable-recipient handling",
                    envelope.kind(), fromNode, e.toString());
            reroute(task, "it failed on node " + transport.localNodeId());
            return null;
        }
        return replyExpected ? codec.encode(task.getResult()) : null;
    }

    @Override
    public void orphaned(TaskEnvelope envelope, String targetNode) {
        if (!StanzaTasks.carriesStanza(envelope.kind())) {
            Log.info("Dropped cluster task {} meant for departed node {}", envelope.kind(), targetNode);
            return;
        }
        reroute((ClusterTask<?>) codec.decode(envelope.body()), "it was meant for departed node " + targetNode);
    }

    /** Hands a stanza task's stanza to Openfire's handling of an unreachable recipient. */
    private static void reroute(ClusterTask<?> task, String why) {
        REROUTING.set(Boolean.TRUE);
        try {
            if (!StanzaTasks.reroute(task)) {
                Log.warn("Dropped a stanza task {}: its stanza cannot be read ({})", task.getClass().getName(), why);
            }
        } catch (RuntimeException e) {
            Log.warn("Could not re-route a stanza ({}): {}", why, e.toString());
        } finally {
            REROUTING.remove();
        }
    }

    private void awaitConfirm(CompletableFuture<Void> confirmed, String node) {
        try {
            confirmed.get(transport.settings().confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new TransportUnavailableException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new TransportUnavailableException("RabbitMQ did not confirm the task for node " + node + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportUnavailableException("interrupted while sending a task to node " + node);
        }
    }

    private boolean runLocally(ClusterTask<?> task) {
        try {
            task.run();
            return true;
        } catch (RuntimeException e) {
            Log.warn("Cluster task {} failed on this node: {}", task.getClass().getName(), e.toString());
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T decodeResult(byte[] bytes) {
        return bytes.length == 0 ? null : (T) codec.decode(bytes);
    }

    private TaskEnvelope envelope(ClusterTask<?> task, String lane) {
        return new TaskEnvelope(codec.encode(task), lane, task.getClass().getName());
    }

    /** The recipient of a stanza task, else the task class: see the class comment. */
    static String laneOf(ClusterTask<?> task) {
        return StanzaTasks.lane(task).orElseGet(() -> "task:" + task.getClass().getName());
    }

    private static String nodeId(byte[] nodeID) {
        return new String(nodeID, StandardCharsets.UTF_8);
    }

    private static String failure(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TimeoutException ? "timed out" : cause.getMessage();
    }
}
