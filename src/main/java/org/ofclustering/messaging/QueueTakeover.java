package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Empties the queue of a node that left and deletes it. Each message is handed to
 * {@link TaskHandler#orphaned} and acknowledged only afterwards, so a survivor that dies while
 * taking over leaves the rest for the next one. A queue that still has a consumer (the node's
 * connection is not closed yet, e.g. a frozen process the broker still holds) is left alone:
 * deleting it would discard the messages that consumer holds unacknowledged.
 */
final class QueueTakeover {
    private static final Logger Log = LoggerFactory.getLogger(QueueTakeover.class);
    private static final int DELETE_ATTEMPTS = 5;

    /** What one attempt achieved. */
    enum Outcome {
        /** The queue is drained and deleted, or did not exist. */
        DONE,
        /** The queue still has a consumer; try again later. */
        BUSY
    }

    private final Connection connection;
    private final ClusterTopology topology;
    private final TaskHandler handler;

    QueueTakeover(Connection connection, ClusterTopology topology, TaskHandler handler) {
        this.connection = connection;
        this.topology = topology;
        this.handler = handler;
    }

    /** Whether a departed node's queue can still be waited for. */
    enum QueueState {
        /** Deleted: its tasks were taken over (or it never existed). */
        GONE,
        /** Still consumed: the node's connection is open (a frozen process), no takeover can start yet. */
        CONSUMED,
        /** Waiting to be drained by the senior survivor, or the broker could not be asked. */
        PENDING
    }

    QueueState queueState(String deadNode) {
        try (Channel ch = connection.createChannel()) {
            AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive(topology.queueOf(deadNode));
            return ok.getConsumerCount() > 0 ? QueueState.CONSUMED : QueueState.PENDING;
        } catch (IOException e) {
            return isNotFound(e) ? QueueState.GONE : QueueState.PENDING;
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            return QueueState.PENDING;
        }
    }

    Outcome takeOver(String deadNode) throws IOException {
        String queue = topology.queueOf(deadNode);
        int handed = 0;
        for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
            Channel ch = connection.createChannel();
            try {
                AMQP.Queue.DeclareOk ok;
                try {
                    ok = ch.queueDeclarePassive(queue);
                } catch (IOException e) {
                    if (isNotFound(e)) {
                        log(deadNode, queue, handed);
                        return Outcome.DONE;
                    }
                    throw e;
                }
                if (ok.getConsumerCount() > 0) {
                    return Outcome.BUSY;
                }
                handed += drain(ch, queue, deadNode);
                try {
                    if (topology.deleteNodeQueueIfIdle(ch, deadNode)) {
                        ch.queueDelete(topology.requestQueueOf(deadNode)); // requests for it failed when it left
                        log(deadNode, queue, handed);
                        return Outcome.DONE;
                    }
                } catch (IOException e) {
                    // a message arrived after the drain (a sender that did not know yet) or a consumer appeared:
                    // the channel is closed by the broker; look again with a new one
                    Log.debug("Queue {} not deleted yet: {}", queue, e.toString());
                }
            } catch (AlreadyClosedException e) {
                Log.debug("Takeover channel of {} closed: {}", queue, e.toString());
            } finally {
                closeQuietly(ch);
            }
        }
        return Outcome.BUSY;
    }

    private int drain(Channel ch, String queue, String deadNode) throws IOException {
        int n = 0;
        GetResponse r;
        while ((r = ch.basicGet(queue, false)) != null) {
            AMQP.BasicProperties props = r.getProps();
            TaskEnvelope task = WireFormat.envelope(props, r.getBody());
            if (props.getReplyTo() != null) {
                // a synchronous caller was told the node left (its pending request failed at once)
                Log.debug("Dropped request {} left in the queue of node {}", task.kind(), deadNode);
            } else {
                try {
                    handler.orphaned(task, deadNode);
                } catch (RuntimeException | LinkageError e) {
                    Log.warn("Task {} taken over from node {} could not be handled and was dropped: {}", task.kind(), deadNode, e.toString());
                }
            }
            ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
            n++;
        }
        return n;
    }

    private static void log(String deadNode, String queue, int handed) {
        if (handed > 0) {
            Log.info("Took over {} task(s) left in queue {} of departed node {}; queue deleted", handed, queue, deadNode);
        } else {
            Log.debug("Nothing to take over from departed node {} (queue {} gone or empty)", deadNode, queue);
        }
    }

    private static void closeQuietly(Channel ch) {
        try {
            if (ch.isOpen()) {
                ch.close();
            }
        } catch (IOException | AlreadyClosedException | TimeoutException e) {
            // closed by the broker after a refused operation, or with the connection: nothing to release
        }
    }

    private static boolean isNotFound(IOException e) {
        return e.getCause() instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close c
                && c.getReplyCode() == 404;
    }
}
