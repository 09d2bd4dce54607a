package org.ofclustering.messaging;

import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Exchange and queue names of one cluster, and their declarations:
 * <ul>
 * <li>{@code ofc.<cluster>.node}: direct exchange, routing key = node id;</li>
 * <li>{@code ofc.<cluster>.all}: fanout exchange for tasks to every node;</li>
 * <li>{@code ofc.<cluster>.node.<id>}: the queue of one node, bound to both;</li>
 * <li>{@code ofc.<cluster>.rpc.<id>}: synchronous requests for one node, published through the
 * default exchange; transient, and unordered so that several consumers can serve it.</li>
 * </ul>
 * Node queues carry {@code x-expires} so that the queue of a node that is gone for good
 * disappears; request queues expire two minutes after their node stopped consuming.
 */
public final class ClusterTopology {
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final int REQUEST_QUEUE_EXPIRY_MILLIS = 120_000;

    private final String clusterName;
    private final MessagingSettings settings;

    public ClusterTopology(String clusterName, MessagingSettings settings) {
        Objects.requireNonNull(clusterName, "clusterName");
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("cluster name '" + clusterName
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        this.clusterName = clusterName;
        this.settings = settings;
    }

    public String clusterName() {
        return clusterName;
    }

    public String nodeExchange() {
        return "ofc." + clusterName + ".node";
    }

    public String broadcastExchange() {
        return "ofc." + clusterName + ".all";
    }

    public String queueOf(String nodeId) {
        return "ofc." + clusterName + ".node." + nodeId;
    }

    public String requestQueueOf(String nodeId) {
        return "ofc." + clusterName + ".rpc." + nodeId;
    }

    /** Declares the request queue of a node (requests die with their deadline; nothing here is durable). */
    public void declareRequestQueue(Channel channel, String nodeId) throws IOException {
        channel.queueDeclare(requestQueueOf(nodeId), false, false, false, Map.of("x-expires", REQUEST_QUEUE_EXPIRY_MILLIS));
    }

    /**
     * Declares both exchanges (idempotent; every node does it at start). Exchanges and node queues
     * are durable whatever {@link MessagingSettings#persistent()} says, so that switching it never
     * makes a node's declaration clash with the existing ones.
     */
    public void declareExchanges(Channel channel) throws IOException {
        channel.exchangeDeclare(nodeExchange(), "direct", true, false, null);
        channel.exchangeDeclare(broadcastExchange(), "fanout", true, false, null);
    }

    /** Declares the queue of a node and binds it to both exchanges. */
    public void declareNodeQueue(Channel channel, String nodeId) throws IOException {
        String queue = queueOf(nodeId);
        channel.queueDeclare(queue, true, false, false, queueArguments());
        channel.queueBind(queue, nodeExchange(), nodeId);
        channel.queueBind(queue, broadcastExchange(), "");
    }

    private Map<String, Object> queueArguments() {
        Map<String, Object> args = new HashMap<>();
        args.put("x-expires", settings.queueExpiry().toMillis());
        if (settings.queueType() == MessagingSettings.QueueType.QUORUM) {
            args.put("x-queue-type", "quorum");
        }
        return args;
    }

    /**
     * Deletes a node queue only if it is empty and unused. Quorum queues refuse the conditional
     * delete, so for them the condition is checked first (a message arriving in between is lost;
     * by then senders know the node is gone and refuse to send to it).
     *
     * @return false when the queue is not empty or still consumed (nothing deleted)
     * @throws IOException when the broker refuses; the channel is then closed
     */
    public boolean deleteNodeQueueIfIdle(Channel channel, String nodeId) throws IOException {
        String queue = queueOf(nodeId);
        if (settings.queueType() == MessagingSettings.QueueType.QUORUM) {
            com.rabbitmq.client.AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
            if (ok.getMessageCount() > 0 || ok.getConsumerCount() > 0) {
                return false;
            }
            channel.queueDelete(queue);
            return true;
        }
        channel.queueDelete(queue, true, true);
        return true;
    }

    /** Deletes both exchanges; for tests and for tearing a whole cluster down. */
    public void deleteExchanges(Channel channel) throws IOException {
        channel.exchangeDelete(nodeExchange());
        channel.exchangeDelete(broadcastExchange());
    }
}
