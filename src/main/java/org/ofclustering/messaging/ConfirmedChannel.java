package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One channel in publisher-confirm mode. Every publish is mandatory and returns a future that
 * completes when the broker confirms it, or fails: {@link UnknownNodeException} when the broker
 * returned it as unroutable (no queue for that node), {@link TransportUnavailableException} when the
 * broker refused it or the connection was lost before the confirm. A message whose future
 * completed normally is in the target queue (on disk when persistent).
 *
 * <p>Publishes on one channel keep their order in the broker; callers that need order use the same
 * channel. Futures complete on the connection's I/O thread: their callbacks must not block.
 */
final class ConfirmedChannel {
    private final Channel channel;
    private final Object publishLock = new Object();
    /** Broker sequence number to pending publish; sequence numbers restart when the channel recovers. */
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    /** Message id to pending publish, to mark returned messages (a return arrives before the confirm). */
    private final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();

    private record Pending(String messageId, String target, CompletableFuture<Void> future, boolean[] returned) {
    }

    ConfirmedChannel(Connection connection) throws IOException {
        this.channel = connection.createChannel();
        channel.confirmSelect();
        channel.addConfirmListener(this::acked, this::nacked);
        channel.addReturnListener(ret -> {
            Pending p = byMessageId.get(ret.getProperties().getMessageId());
            if (p != null) {
                p.returned[0] = true;
            }
        });
        channel.addShutdownListener(this::failAll);
    }

    /**
     * Publishes a mandatory message.
     *
     * @param target what the message is addressed to, for failure messages
     * @throws TransportUnavailableException when the channel is closed (connection lost)
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, String target) {
        Pending p = new Pending(props.getMessageId(), target, new CompletableFuture<>(), new boolean[1]);
        synchronized (publishLock) {
            long seq = channel.getNextPublishSeqNo();
            unconfirmed.put(seq, p);
            byMessageId.put(p.messageId, p);
            try {
                channel.basicPublish(exchange, routingKey, true, props, body);
            } catch (IOException | AlreadyClosedException e) {
                unconfirmed.remove(seq);
                byMessageId.remove(p.messageId);
                throw new TransportUnavailableException("RabbitMQ connection lost, cannot send task to " + target + ": " + e.getMessage(), e);
            }
        }
        return p.future;
    }

    private void acked(long seq, boolean multiple) {
        for (Pending p : take(seq, multiple)) {
            if (p.returned[0]) {
                p.future.completeExceptionally(new UnknownNodeException("no queue for " + p.target + ": the broker could not route the task"));
            } else {
                p.future.complete(null);
            }
        }
    }

    private void nacked(long seq, boolean multiple) {
        for (Pending p : take(seq, multiple)) {
            p.future.completeExceptionally(new TransportUnavailableException("RabbitMQ refused the task for " + p.target + " (nack)"));
        }
    }

    private Iterable<Pending> take(long seq, boolean multiple) {
        java.util.List<Pending> done = new java.util.ArrayList<>();
        if (multiple) {
            ConcurrentNavigableMap<Long, Pending> head = unconfirmed.headMap(seq, true);
            for (Map.Entry<Long, Pending> e : head.entrySet()) {
                if (unconfirmed.remove(e.getKey(), e.getValue())) {
                    done.add(e.getValue());
                }
            }
        } else {
            Pending p = unconfirmed.remove(seq);
            if (p != null) {
                done.add(p);
            }
        }
        for (Pending p : done) {
            byMessageId.remove(p.messageId);
        }
        return done;
    }

    /** The channel closed: nothing outstanding can be confirmed any more (a recovered channel numbers anew). */
    private void failAll(ShutdownSignalException cause) {
        synchronized (publishLock) {
            for (Pending p : unconfirmed.values()) {
                p.future.completeExceptionally(new TransportUnavailableException("RabbitMQ connection lost before the broker confirmed the task for "
                        + p.target + " (" + cause.getMessage() + ")"));
            }
            unconfirmed.clear();
            byMessageId.clear();
        }
    }

    int outstanding() {
        return unconfirmed.size();
    }

    void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | AlreadyClosedException | java.util.concurrent.TimeoutException e) {
            // closing while the connection goes away: failAll has already run or runs now
        }
    }
}
