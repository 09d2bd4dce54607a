package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request/reply over RabbitMQ's direct reply-to: requests are published to the target node's
 * request queue on this channel with
 * {@code reply-to = amq.rabbitmq.reply-to} and a correlation id; replies come straight back to
 * this channel's consumer without a reply queue. Every request has a deadline: the broker drops it
 * when it expires unread ({@code expiration}), the receiver skips it when late, and the future
 * fails with a {@link TimeoutException} when no reply came in time.
 */
final class RequestChannel {
    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    static final String ERROR_HEADER = "ofc-error";

    private final Channel channel;
    private static final long SWEEP_MILLIS = 20;

    private final String correlationPrefix;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String nodeId, CompletableFuture<byte[]> future, long deadlineNanos, long timeoutMillis) {
    }

    /**
     * @param timer runs the deadline sweep: one periodic check instead of a timer per request, which
     *              would wake the timer thread on every request
     */
    RequestChannel(Connection connection, ScheduledExecutorService timer, String localNodeId) throws IOException {
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        this.correlationPrefix = localNodeId + "/";
        this.channel = connection.createChannel();
        channel.addReturnListener(ret -> fail(ret.getProperties().getCorrelationId(),
                new UnknownNodeException("no request queue " + ret.getRoutingKey() + ": the broker could not route the request")));
        channel.addShutdownListener(cause -> failAll("RabbitMQ connection lost while waiting for a reply (" + cause.getMessage() + ")"));
        channel.basicConsume(DIRECT_REPLY_TO, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                replied(props, body);
            }
        });
    }

    /**
     * Publishes a request for one node.
     *
     * @param props properties of the task; correlation id, reply-to and expiration are added here
     */
    CompletableFuture<byte[]> request(String requestQueue, String nodeId, AMQP.BasicProperties.Builder props, byte[] body, Duration timeout) {
        String correlationId = correlationPrefix + counter.incrementAndGet();
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        pending.put(correlationId, new Pending(nodeId, future, System.nanoTime() + timeout.toNanos(), timeout.toMillis()));
        AMQP.BasicProperties p = props.correlationId(correlationId).replyTo(DIRECT_REPLY_TO)
                .expiration(Long.toString(Math.max(1, timeout.toMillis()))).build();
        try {
            synchronized (channel) {
                channel.basicPublish("", requestQueue, true, p, body);
            }
        } catch (IOException | AlreadyClosedException e) {
            fail(correlationId, new TransportUnavailableException("RabbitMQ connection lost, cannot send request to node " + nodeId + ": " + e.getMessage(), e));
        }
        return future;
    }

    private void replied(AMQP.BasicProperties props, byte[] body) {
        Pending p = pending.remove(props.getCorrelationId());
        if (p == null) {
            return; // the request timed out or failed already; its caller has moved on
        }
        Object error = props.getHeaders() == null ? null : props.getHeaders().get(ERROR_HEADER);
        if (error != null) {
            p.future.completeExceptionally(new RemoteTaskException(p.nodeId, error.toString()));
        } else {
            p.future.complete(body);
        }
    }

    private void fail(String correlationId, Throwable cause) {
        Pending p = pending.remove(correlationId);
        if (p != null) {
            p.future.completeExceptionally(cause);
        }
    }

    /** Fails the requests whose deadline passed (within {@value #SWEEP_MILLIS} ms of it). */
    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (now - p.deadlineNanos >= 0) {
                fail(e.getKey(), new TimeoutException("node " + p.nodeId + " did not answer within " + p.timeoutMillis + " ms"));
            }
        }
    }

    /** A node left: its answers will never come. */
    void failPendingFor(String nodeId) {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            if (e.getValue().nodeId.equals(nodeId)) {
                fail(e.getKey(), new UnknownNodeException("node " + nodeId + " left the cluster before answering"));
            }
        }
    }

    /** Direct reply-to is bound to this channel: when it closes, no outstanding reply can arrive. */
    private void failAll(String reason) {
        for (String id : pending.keySet()) {
            fail(id, new TransportUnavailableException(reason));
        }
    }

    void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | AlreadyClosedException | TimeoutException e) {
            // the connection is going away anyway; failAll settles every outstanding request
        }
        failAll("the task transport was closed before the reply arrived");
    }
}
