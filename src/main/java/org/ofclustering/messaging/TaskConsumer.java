package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Consumes this node's queues. One-way tasks: one consumer on the node queue, so deliveries
 * arrive in queue order, handed to the {@link LaneExecutor} where each lane keeps that order.
 * Requests: several consumers on the request queue, each running its request right on the
 * delivering thread (no hand-off: a synchronous caller waits for it).
 * A message is acknowledged after its task ran (or failed), so tasks left unfinished by a crash
 * stay in the queue for the survivor that takes it over. On the node queue, tasks of different
 * lanes finish out of order; their acknowledgements go out through an {@link AckWindow}, one frame
 * for each run of finished deliveries, sent by whichever worker thread finds the window changed
 * (never after a timer: a lone task is acknowledged as soon as it finished). A message that cannot be run (corrupt,
 * unknown class, failing task) is logged once and acknowledged; a waiting sender gets an error reply.
 */
final class TaskConsumer {
    private static final Logger Log = LoggerFactory.getLogger(TaskConsumer.class);
    private static final int REQUEST_PREFETCH = 2;

    private final Connection connection;
    private final ClusterTopology topology;
    private final String localNodeId;
    private final MessagingSettings settings;
    private final TaskHandler handler;
    private final LaneExecutor lanes;
    private final ReplySender replies;
    private final Executor background;
    private final RecentDeliveries recent;
    private Channel channel;
    private volatile String consumerTag;
    private final Map<Channel, String> requestConsumers = new LinkedHashMap<>();
    private final AckWindow window;
    /** Serialises the node queue's acknowledgements: a multiple acknowledgement must not overtake an earlier one. */
    private final ReentrantLock ackSender = new ReentrantLock();
    private final AtomicBoolean acksDue = new AtomicBoolean();
    private final AtomicLong nodeQueueDeliveries = new AtomicLong();
    private final AtomicLong nodeQueueAckFrames = new AtomicLong();

    TaskConsumer(Connection connection, ClusterTopology topology, String localNodeId, MessagingSettings settings,
                 TaskHandler handler, LaneExecutor lanes, ReplySender replies, Executor background) {
        this.connection = connection;
        this.topology = topology;
        this.localNodeId = localNodeId;
        this.settings = settings;
        this.handler = handler;
        this.lanes = lanes;
        this.replies = replies;
        this.background = background;
        this.recent = new RecentDeliveries(settings.dedupWindow());
        this.window = new AckWindow(Math.max(1, settings.prefetch() / 4));
    }

    /** Declares the exchanges and this node's queue (recorded for topology recovery) and starts consuming. */
    void start() throws IOException {
        channel = connection.createChannel();
        topology.declareExchanges(channel);
        topology.declareNodeQueue(channel, localNodeId);
        channel.basicQos(settings.prefetch());
        consume();
        for (int i = 0; i < settings.requestConsumers(); i++) {
            Channel rc = connection.createChannel();
            topology.declareRequestQueue(rc, localNodeId);
            rc.basicQos(REQUEST_PREFETCH);
            String tag = rc.basicConsume(topology.requestQueueOf(localNodeId), false, new DefaultConsumer(rc) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    delivered(rc, envelope, props, body);
                }
            });
            requestConsumers.put(rc, tag);
        }
    }

    private void consume() throws IOException {
        consumerTag = channel.basicConsume(topology.queueOf(localNodeId), false, "ofc-tasks-" + localNodeId, false, false, null,
                new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                        delivered(channel, envelope, props, body);
                    }

                    @Override
                    public void handleCancel(String tag) {
                        Log.warn("RabbitMQ cancelled the consumer of queue {} (queue deleted?); declaring it again", topology.queueOf(localNodeId));
                        background.execute(TaskConsumer.this::restart);
                    }
                });
    }

    private void restart() {
        try {
            topology.declareNodeQueue(channel, localNodeId);
            consume();
            Log.info("Consuming queue {} again", topology.queueOf(localNodeId));
        } catch (IOException | AlreadyClosedException e) {
            Log.warn("Could not consume queue {} again: {}; connection recovery will retry", topology.queueOf(localNodeId), e.toString());
        }
    }

    private void delivered(Channel from, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        long tag = envelope.getDeliveryTag();
        if (from == channel) {
            nodeQueueDeliveries.incrementAndGet();
            window.received(tag);
        }
        String sender = WireFormat.header(props, WireFormat.FROM);
        if (sender == null) {
            Log.warn("Dropped a message without sender on a queue of node {} (type {}, {} bytes): not a cluster task",
                    localNodeId, props.getType(), body.length);
            ack(from, tag);
            return;
        }
        if (sender.equals(localNodeId) && topology.broadcastExchange().equals(envelope.getExchange())) {
            ack(from, tag); // this node's own broadcast: tasks for all nodes exclude the sender
            return;
        }
        // A repeat is a redelivery (an acknowledgement lost with a connection) or a task its sender
        // published again because the broker's confirm was lost: either way it already ran here.
        if (!recent.firstTime(props.getMessageId())) {
            Log.debug("Ignored a repeat of task {} from node {} ({}): it already ran here", props.getMessageId(), sender,
                    envelope.isRedeliver() ? "redelivered" : "sent again");
            ack(from, tag);
            return;
        }
        TaskEnvelope task = WireFormat.envelope(props, body);
        String replyTo = props.getReplyTo();
        if (replyTo != null && from != channel) {
            run(from, tag, task, sender, props, replyTo);
        } else {
            lanes.execute(replyTo == null ? task.lane() : null, () -> run(from, tag, task, sender, props, replyTo));
        }
    }

    private void run(Channel ackChannel, long tag, TaskEnvelope task, String from, AMQP.BasicProperties props, String replyTo) {
        try {
            long deadline = WireFormat.deadline(props);
            if (deadline > 0 && System.currentTimeMillis() > deadline) {
                Log.info("Skipped task {} from node {}: its deadline passed before it could run", task.kind(), from);
                return;
            }
            byte[] result = handler.execute(task, from, replyTo != null);
            if (replyTo != null) {
                replies.reply(replyTo, props.getCorrelationId(), result == null ? new byte[0] : result);
            }
        } catch (Exception | LinkageError | AssertionError e) {
            Log.warn("Task {} from node {} failed and was dropped: {}", task.kind(), from, e.toString());
            Log.debug("Failure of task {} from node {}", task.kind(), from, e);
            if (replyTo != null) {
                replies.replyError(replyTo, props.getCorrelationId(), e.toString());
            }
        } finally {
            ack(ackChannel, tag);
        }
    }

    private void ack(Channel ch, long tag) {
        if (ch != channel) {
            send(ch, new AckWindow.Ack(tag, false));
            return;
        }
        window.finished(tag);
        acksDue.set(true);
        // Whoever holds the sender sends what is due; a thread that finds it busy leaves its tag to it.
        while (acksDue.get() && ackSender.tryLock()) {
            try {
                acksDue.set(false);
                for (AckWindow.Ack ack : window.due()) {
                    send(ch, ack);
                    nodeQueueAckFrames.incrementAndGet();
                }
            } finally {
                ackSender.unlock();
            }
        }
    }

    private static void send(Channel ch, AckWindow.Ack ack) {
        try {
            ch.basicAck(ack.tag(), ack.multiple());
        } catch (IOException | AlreadyClosedException e) {
            // the channel died with the connection: the broker redelivers, and RecentDeliveries drops the repeat
            Log.debug("Could not acknowledge delivery {}: {}", ack.tag(), e.toString());
        }
    }

    /** Deliveries from this node's queue, and the acknowledgement frames sent for them, since start. */
    long[] nodeQueueAcknowledgements() {
        return new long[]{nodeQueueDeliveries.get(), nodeQueueAckFrames.get()};
    }

    /** Stops taking new deliveries; those already received still run. */
    void stop() {
        requestConsumers.forEach(this::cancel); // requests already received still run and answer
        cancel(channel, consumerTag);
    }

    private void cancel(Channel ch, String tag) {
        if (tag == null || ch == null) {
            return;
        }
        try {
            ch.basicCancel(tag);
        } catch (IOException | AlreadyClosedException e) {
            Log.debug("Consumer {} already gone: {}", tag, e.toString());
        }
    }

    /** Deletes this node's queue when nothing is left in it (a clean leave); otherwise survivors take it over. */
    void deleteQueueIfEmpty() {
        String queue = topology.queueOf(localNodeId);
        Channel ch = null;
        try {
            ch = connection.createChannel();
            ch.queueDelete(topology.requestQueueOf(localNodeId));
            if (topology.deleteNodeQueueIfIdle(ch, localNodeId)) {
                Log.info("Deleted queue {}", queue);
            } else {
                Log.info("Left queue {} in place: tasks arrived while stopping; a surviving node takes them over", queue);
            }
        } catch (IOException | AlreadyClosedException e) {
            Log.info("Left queue {} in place ({}); a surviving node takes over what is left in it", queue, e.getMessage());
        } finally {
            if (ch != null) {
                closeQuietly(ch);
            }
        }
    }

    void close() {
        requestConsumers.keySet().forEach(TaskConsumer::closeQuietly);
        if (channel != null) {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(Channel ch) {
        try {
            if (ch.isOpen()) {
                ch.close();
            }
        } catch (IOException | AlreadyClosedException | TimeoutException e) {
            Log.debug("Consumer channel closed with the connection: {}", e.toString());
        }
    }
}
