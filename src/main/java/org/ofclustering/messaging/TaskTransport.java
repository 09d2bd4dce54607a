package org.ofclustering.messaging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import org.ofclustering.config.RabbitSettings;
import org.ofclustering.membership.ClusterView;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster tasks between nodes over RabbitMQ: one-way tasks to one node or to all others,
 * synchronous requests with deadlines, ordered lanes, and takeover of the queue of a node that
 * left. See {@code docs/messaging.md} for the topology and the guarantees.
 *
 * <p>Life cycle (once per instance): {@link #start()} (declares this node's queue and consumes it; call it before the
 * node joins the membership, so that no member is ever without a queue), then sends, then
 * {@link #close()} (after the node left the membership). While the broker connection is being
 * recovered, one-way tasks are held in memory and sent when it is back ({@link ConfirmedChannel});
 * requests fail fast with {@link TransportUnavailableException} (their callers wait for an answer).
 */
public final class TaskTransport implements AutoCloseable {
    /** How long a send to a node that just departed waits for the takeover of the tasks left for it. */
    private static final Duration DEPARTURE_WAIT = Duration.ofSeconds(3);
    private static final Logger Log = LoggerFactory.getLogger(TaskTransport.class);

    private final ClusterView view;
    private final TaskHandler handler;
    private final MessagingSettings settings;
    private final ClusterTopology topology;
    private final BrokerConnections connections;
    private final String localNodeId;
    private final AtomicLong sequence = new AtomicLong();
    /** Part of every message id: a restarted node's ids never repeat an earlier incarnation's. */
    private final String incarnation = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong roundRobin = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final LaneExecutor lanes;
    private final MembershipListener membershipListener = new MembershipListener() {
        @Override
        public void memberLeft(MemberInfo member, boolean crashed) {
            departed(member, crashed);
        }

        @Override
        public void becameSenior() {
            orphans.takeOverIfSenior();
        }
    };

    private ExecutorService consumerThreads;
    private Connection publishConnection;
    private Connection consumeConnection;
    private ConfirmedChannel[] publishers;
    private RequestChannel requests;
    private ReplySender replies;
    private TaskConsumer consumer;
    private DepartedNodes orphans;
    private volatile boolean running;
    private boolean closed;
    private volatile boolean recovering;
    private volatile boolean consumeRecovering;

    /**
     * @param rabbit      where the brokers are
     * @param clusterName names the exchanges and queues ({@code ofc.<cluster>.*})
     * @param view        membership: this node's id, live members, departures
     * @param handler     runs received tasks and takes care of orphaned ones
     * @param settings    tuning
     */
    public TaskTransport(RabbitSettings rabbit, String clusterName, ClusterView view, TaskHandler handler, MessagingSettings settings) {
        this.view = view;
        this.handler = handler;
        this.settings = settings;
        this.topology = new ClusterTopology(clusterName, settings);
        this.connections = new BrokerConnections(rabbit, settings);
        this.localNodeId = view.localNodeId();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("ofc-tasks-timer"));
        this.lanes = new LaneExecutor("ofc-tasks", settings.workerThreads());
    }

    /** Connects, declares the topology and starts consuming this node's queue. */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("a closed task transport cannot be started again; create a new one");
        }
        RecoveryListener publishRecovery = new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                recovering = false;
                Log.info("RabbitMQ connection recovered ({}); node {} sends cluster tasks again, {} held ones first",
                        broker(recoverable), localNodeId, held.get());
                timer.execute(TaskTransport.this::resendHeld);
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                recovering = true;
            }
        };
        RecoveryListener consumeRecovery = new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                consumeRecovering = false;
                Log.info("RabbitMQ connection recovered ({}); node {} receives cluster tasks again", broker(recoverable), localNodeId);
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                // nothing to stop: deliveries simply pause until the consumer and its queue are recovered
                consumeRecovering = true;
            }
        };
        String prefix = "ofc-" + topology.clusterName() + "-" + localNodeId;
        // request consumers run tasks on the delivering thread: one thread each, plus the node queue's consumer
        consumerThreads = Executors.newFixedThreadPool(settings.requestConsumers() + 2, daemon("ofc-tasks-consumer"));
        try {
            consumeConnection = connections.open(prefix + "-consume", consumeRecovery, consumerThreads);
            publishConnection = connections.open(prefix + "-publish", publishRecovery, null);
            publishers = new ConfirmedChannel[settings.publishChannels()];
            for (int i = 0; i < publishers.length; i++) {
                publishers[i] = new ConfirmedChannel(publishConnection, held, settings.holdLimit());
            }
            requests = new RequestChannel(publishConnection, timer, localNodeId);
            replies = new ReplySender(publishConnection);
            consumer = new TaskConsumer(consumeConnection, topology, localNodeId, settings, handler, lanes, replies, timer);
            consumer.start();
            orphans = new DepartedNodes(view, new QueueTakeover(consumeConnection, topology, handler), settings);
        } catch (IOException | RuntimeException e) {
            closeConnections();
            throw e;
        }
        view.addListener(membershipListener);
        // In case a recovery notice was missed: held tasks go out as soon as the channel is open.
        timer.scheduleWithFixedDelay(() -> {
            if (held.get() > 0) {
                resendHeld();
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        running = true;
        Log.info("Cluster tasks: node {} consumes queue {}", localNodeId, topology.queueOf(localNodeId));
    }

    /**
     * Sends a one-way task to one node (this node included: it then travels through its own queue).
     *
     * @return completes when the broker has the task in the node's queue (after the connection is
     * back, when it was away); fails with {@link UnknownNodeException} when the broker has no queue
     * for it, or with {@link TransportUnavailableException} when the broker refused it or too many
     * tasks are held. Completes on a RabbitMQ thread: attach only non-blocking callbacks.
     * @throws UnknownNodeException          the node is not a live member
     * @throws TransportUnavailableException the transport is not running
     */
    public CompletableFuture<Void> send(String nodeId, TaskEnvelope task) {
        requireRunning();
        if (!view.isMember(nodeId)) {
            // The caller handles the task as undeliverable; tasks still queued for a node that just departed
            // are handled so by the takeover first, so that a recipient's stanzas keep their order.
            DepartedNodes d = orphans;
            if (d != null && !d.awaitTakeover(nodeId, DEPARTURE_WAIT)) {
                Log.debug("Takeover of departed node {} still running after {} s", nodeId, DEPARTURE_WAIT.toSeconds());
            }
            throw new UnknownNodeException("node " + nodeId + " is not a live member of the cluster");
        }
        return publish(nodeId, task);
    }

    /**
     * Sends a one-way task to a node while this node is not a member itself (fenced, or standalone
     * until it rejoins): it cannot tell whether the other node is alive, so the broker decides. The
     * task reaches the node's queue if it has one (a node that died meanwhile has its queue taken
     * over, and the task with it); otherwise it fails with {@link UnknownNodeException}, as
     * {@link #send} would. Once this node is a member again this is {@link #send}.
     */
    public CompletableFuture<Void> sendWhileNotMember(String nodeId, TaskEnvelope task) {
        requireRunning();
        if (view.isMember(localNodeId)) {
            return send(nodeId, task);
        }
        return publish(nodeId, task);
    }

    private CompletableFuture<Void> publish(String nodeId, TaskEnvelope task) {
        return publisherFor(task.lane()).publish(topology.nodeExchange(), nodeId, properties(task, 0).build(), task.body(), "node " + nodeId);
    }

    /** Sends a one-way task to every other node (this node skips its own copy); see {@link #send}. */
    public CompletableFuture<Void> broadcast(TaskEnvelope task) {
        requireRunning();
        if (view.members().size() <= 1) {
            return CompletableFuture.completedFuture(null); // nobody else to tell
        }
        return publisherFor(task.lane()).publish(topology.broadcastExchange(), "", properties(task, 0).build(), task.body(), "all nodes");
    }

    /**
     * Sends a task to one node and returns its encoded result. Fails with a {@link java.util.concurrent.TimeoutException}
     * after {@code timeout}, {@link RemoteTaskException} when it failed there, {@link UnknownNodeException} when
     * the node left or has no queue, {@link TransportUnavailableException} when the connection was lost.
     *
     * @throws UnknownNodeException          the node is not a live member
     * @throws TransportUnavailableException no broker connection right now
     */
    public CompletableFuture<byte[]> request(String nodeId, TaskEnvelope task, Duration timeout) {
        requireMember(nodeId);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        return requests.request(topology.requestQueueOf(nodeId), nodeId, properties(task, deadline), task.body(), timeout);
    }

    /** {@link #request} with the configured default deadline. */
    public CompletableFuture<byte[]> request(String nodeId, TaskEnvelope task) {
        return request(nodeId, task, settings.requestTimeout());
    }

    /**
     * Sends a task to every other live member and collects the results: one future per node, in
     * join order, each settled by the same deadline. Failures are per node and never throw here.
     *
     * @throws TransportUnavailableException no broker connection right now
     */
    public Map<String, CompletableFuture<byte[]>> requestAll(TaskEnvelope task, Duration timeout) {
        requireConnected();
        Map<String, CompletableFuture<byte[]>> results = new LinkedHashMap<>();
        for (MemberInfo m : view.members()) {
            if (m.nodeId().equals(localNodeId)) {
                continue;
            }
            try {
                results.put(m.nodeId(), request(m.nodeId(), task, timeout));
            } catch (RuntimeException e) {
                results.put(m.nodeId(), CompletableFuture.failedFuture(e));
            }
        }
        return results;
    }

    /** Runs a task of this node on the same workers and lanes as received tasks. */
    public void runLocally(String lane, Runnable task) {
        lanes.execute(lane, task);
    }

    /**
     * Waits, on the node that takes over a departed node's queue, until the tasks left there have been
     * handed to the handler (see {@link DepartedNodes#awaitTakeover}); returns at once elsewhere.
     *
     * @return false when the wait timed out
     */
    public boolean awaitTakeover(String nodeId, Duration timeout) {
        DepartedNodes d = orphans;
        return d == null || d.awaitTakeover(nodeId, timeout);
    }

    /** Tasks received (or run locally) and not finished yet on this node. */
    public long tasksInFlight() {
        return lanes.inFlight();
    }

    /** Messages the broker returned as unroutable (a node without a queue), since this transport started. */
    public long returnedCount() {
        ConfirmedChannel[] channels = publishers;
        long total = 0;
        if (channels != null) {
            for (ConfirmedChannel c : channels) {
                total += c.returnedCount();
            }
        }
        return total;
    }

    /**
     * Deliveries from this node's task queue and the acknowledgement frames sent for them since
     * start: their ratio shows how many deliveries one frame covers.
     */
    public long[] nodeQueueAcknowledgements() {
        TaskConsumer c = consumer;
        return c == null ? new long[]{0, 0} : c.nodeQueueAcknowledgements();
    }

    /**
     * Messages waiting and consumers of each live member's task queue, read from the broker
     * (passive declarations on a short-lived channel); empty while disconnected.
     */
    public Map<String, long[]> queueDepths() {
        Map<String, long[]> depths = new java.util.LinkedHashMap<>();
        Connection c = consumeConnection;
        if (c == null || !c.isOpen()) {
            return depths;
        }
        for (MemberInfo m : view.members()) {
            String queue = topology.queueOf(m.nodeId());
            try (Channel ch = c.createChannel()) {
                AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive(queue);
                depths.put(queue, new long[]{ok.getMessageCount(), ok.getConsumerCount()});
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                depths.put(queue, new long[]{-1, -1}); // queue missing or broker unreachable: unknown
            }
        }
        return depths;
    }

    public String localNodeId() {
        return localNodeId;
    }

    public MessagingSettings settings() {
        return settings;
    }

    /**
     * True while this node can both send and receive cluster tasks: false before start, after
     * close, and while either connection (or the queues it declares) is being recovered.
     */
    public boolean isConnected() {
        return running && !recovering && !consumeRecovering && publishConnection.isOpen() && consumeConnection.isOpen();
    }

    private void departed(MemberInfo member, boolean crashed) {
        requests.failPendingFor(member.nodeId());
        orphans.departed(member.nodeId(), crashed);
    }

    private AMQP.BasicProperties.Builder properties(TaskEnvelope task, long deadline) {
        // a request is useless after its deadline and its reply cannot outlive the connection: never persistent
        boolean persistent = settings.persistent() && deadline == 0;
        return WireFormat.properties(localNodeId + ":" + incarnation + ":" + sequence.incrementAndGet(), localNodeId, task, persistent, deadline);
    }

    /** Sends what the channels held while the connection was away (on the timer thread). */
    private void resendHeld() {
        ConfirmedChannel[] channels = publishers;
        if (channels == null || !running) {
            return;
        }
        int sent = 0;
        for (ConfirmedChannel c : channels) {
            sent += c.resend();
        }
        if (sent > 0) {
            Log.info("Sent {} cluster tasks held while RabbitMQ was away; {} still held", sent, held.get());
        }
    }

    /** One-way tasks held in memory while the broker connection is away. */
    public int heldCount() {
        return held.get();
    }

    /** One channel per lane hash: tasks of one lane always leave through the same channel, in order. */
    private ConfirmedChannel publisherFor(String lane) {
        int i = lane == null ? (int) (roundRobin.getAndIncrement() % publishers.length) : Math.floorMod(lane.hashCode(), publishers.length);
        return publishers[i];
    }

    private void requireMember(String nodeId) {
        requireConnected();
        if (!view.isMember(nodeId)) {
            throw new UnknownNodeException("node " + nodeId + " is not a live member of the cluster");
        }
    }

    private void requireRunning() {
        if (!running) {
            throw new TransportUnavailableException("the cluster task transport is not running");
        }
    }

    private void requireConnected() {
        requireRunning();
        if (recovering || !publishConnection.isOpen()) {
            throw new TransportUnavailableException("RabbitMQ connection lost; cluster tasks fail until it is recovered");
        }
    }

    /**
     * Stops consuming, lets received tasks finish (bounded by the request timeout), deletes this
     * node's queue when it is empty, and closes the connections. Outstanding requests fail.
     */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        closed = true;
        view.removeListener(membershipListener);
        consumer.stop();
        try {
            if (!lanes.shutdown(settings.requestTimeout())) {
                Log.warn("Tasks still running after {}; closing anyway (unacknowledged ones stay in the queue)", settings.requestTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.deleteQueueIfEmpty();
        orphans.close();
        if (held.get() > 0) {
            resendHeld(); // a last chance for tasks held during an outage
        }
        for (ConfirmedChannel c : publishers) {
            c.close();
        }
        closeConnections();
        timer.shutdownNow();
        consumerThreads.shutdownNow();
        Log.info("Cluster tasks: node {} stopped", localNodeId);
    }

    private static String broker(Recoverable recoverable) {
        return recoverable instanceof Connection c ? c.getAddress().getHostAddress() + ":" + c.getPort() : "?";
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void closeConnections() {
        if (requests != null) {
            requests.close();
        }
        lanes.shutdownNow();
        for (Connection c : new Connection[]{publishConnection, consumeConnection}) {
            if (c != null) {
                try {
                    c.close(2_000);
                } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
                    Log.debug("Connection already closed: {}", e.toString());
                }
            }
        }
    }
}
