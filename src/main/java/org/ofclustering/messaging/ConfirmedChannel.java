package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One channel in publisher-confirm mode that keeps every one-way task until the broker confirmed
 * it. Every publish is mandatory and returns a future that completes when the broker confirms it,
 * or fails: {@link UnknownNodeException} when the broker returned it as unroutable (no queue for
 * that node), {@link TransportUnavailableException} when the broker refused it (nack) or too many
 * tasks are held.
 *
 * <p><b>Held while the broker is away.</b> A publish made while the channel is closed (connection
 * lost, recovery under way) is held in memory, and so is every publish that was sent but not
 * confirmed when the connection was lost (the broker may or may not have it). When the connection
 * is back, {@link #resend()} publishes the held ones again in their original order, before any new
 * one; the receiver recognises a task it already has by its message id and runs it once.
 * At most {@code holdLimit} tasks are held (shared by the transport's channels); one more fails
 * its future, and the caller hands its stanza to Openfire's unreachable-recipient handling.
 *
 * <p>Publishes on one channel keep their order in the broker; callers that need order use the same
 * channel. Futures complete on the connection's I/O thread: their callbacks must not block.
 */
final class ConfirmedChannel {
    private static final Logger Log = LoggerFactory.getLogger(ConfirmedChannel.class);

    private final Channel channel;
    private final Object publishLock = new Object();
    private final AtomicInteger held;
    private final int holdLimit;
    /** Broker sequence number to pending publish; sequence numbers restart when the channel recovers. */
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    /** Message id to pending publish, to mark returned messages (a return arrives before the confirm). */
    private final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();
    /** Publishes waiting for the connection, in publish order (guarded by publishLock). */
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private boolean limitLogged; // guarded by publishLock

    /** Messages the broker returned as unroutable, since this channel was opened. */
    private final AtomicLong returnedCount = new AtomicLong();

    private static final class Pending {
        final String exchange;
        final String routingKey;
        final AMQP.BasicProperties props;
        final byte[] body;
        final String target;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile boolean returned;

        Pending(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, String target) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.props = props;
            this.body = body;
            this.target = target;
        }
    }

    /**
     * @param held      tasks held by all channels of the transport (counted here)
     * @param holdLimit the most tasks held at once
     */
    ConfirmedChannel(Connection connection, AtomicInteger held, int holdLimit) throws IOException {
        this.held = held;
        this.holdLimit = holdLimit;
        this.channel = connection.createChannel();
        channel.confirmSelect();
        channel.addConfirmListener(this::acked, this::nacked);
        channel.addReturnListener(ret -> {
            returnedCount.incrementAndGet();
            Pending p = byMessageId.get(ret.getProperties().getMessageId());
            if (p != null) {
                p.returned = true;
            }
        });
        channel.addShutdownListener(this::holdUnconfirmed);
    }

    long returnedCount() {
        return returnedCount.get();
    }

    /**
     * Publishes a mandatory message, or holds it while the connection is away.
     *
     * @param target what the message is addressed to, for failure messages
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, String target) {
        Pending p = new Pending(exchange, routingKey, props, body, target);
        synchronized (publishLock) {
            if (!waiting.isEmpty() || !channel.isOpen()) {
                hold(p);
            } else {
                send(p);
            }
        }
        return p.future;
    }

    /**
     * Publishes the held tasks again, oldest first; stops at the first that cannot be sent (the
     * connection went away again). Returns how many were sent.
     */
    int resend() {
        synchronized (publishLock) {
            int sent = 0;
            while (!waiting.isEmpty() && channel.isOpen()) {
                Pending p = waiting.pollFirst();
                held.decrementAndGet();
                if (!send(p)) {
                    break;
                }
                sent++;
            }
            if (waiting.isEmpty()) {
                limitLogged = false;
            }
            return sent;
        }
    }

    /** Sends one publish (caller holds publishLock); on a closed channel it goes back to the front of the held ones. */
    private boolean send(Pending p) {
        long seq = channel.getNextPublishSeqNo();
        unconfirmed.put(seq, p);
        byMessageId.put(p.props.getMessageId(), p);
        try {
            channel.basicPublish(p.exchange, p.routingKey, true, p.props, p.body);
            return true;
        } catch (IOException | AlreadyClosedException e) {
            unconfirmed.remove(seq);
            byMessageId.remove(p.props.getMessageId());
            held.incrementAndGet();
            waiting.addFirst(p);
            return false;
        }
    }

    /** Holds a new publish at the end (caller holds publishLock), or fails it past the limit. */
    private void hold(Pending p) {
        if (held.incrementAndGet() > holdLimit) {
            held.decrementAndGet();
            if (!limitLogged) {
                limitLogged = true;
                Log.warn("{} cluster tasks are held while RabbitMQ is away (the limit): further stanzas go to Openfire's "
                        + "unreachable-recipient handling until the broker is back", holdLimit);
            }
            p.future.completeExceptionally(new TransportUnavailableException("RabbitMQ is away and " + holdLimit
                    + " cluster tasks are held already; the task for " + p.target + " is not sent"));
            return;
        }
        waiting.addLast(p);
    }

    private void acked(long seq, boolean multiple) {
        for (Pending p : take(seq, multiple)) {
            if (p.returned) {
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
        List<Pending> done = new ArrayList<>();
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
            byMessageId.remove(p.props.getMessageId());
        }
        return done;
    }

    /**
     * The channel closed: what was sent but not confirmed may or may not be in the broker. It goes
     * back in front of the held publishes, in its original order, to be sent again after recovery
     * (a recovered channel numbers anew). The limit does not apply to these: they were accepted.
     */
    private void holdUnconfirmed(ShutdownSignalException cause) {
        synchronized (publishLock) {
            List<Pending> sent = new ArrayList<>(unconfirmed.values()); // ascending sequence numbers
            unconfirmed.clear();
            byMessageId.clear();
            for (int i = sent.size() - 1; i >= 0; i--) {
                waiting.addFirst(sent.get(i));
            }
            held.addAndGet(sent.size());
            if (!sent.isEmpty() || !waiting.isEmpty()) {
                Log.debug("Channel closed ({}); {} unconfirmed cluster tasks held to be sent again", cause.getMessage(), sent.size());
            }
        }
    }

    int outstanding() {
        return unconfirmed.size();
    }

    /** Tasks held on this channel, waiting for the connection. */
    int heldCount() {
        synchronized (publishLock) {
            return waiting.size();
        }
    }

    /** Closes the channel; held tasks fail (the transport is stopping). */
    void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | AlreadyClosedException | TimeoutException e) {
            Log.debug("Publish channel closed with the connection: {}", e.toString());
        }
        synchronized (publishLock) {
            for (Pending p : waiting) {
                p.future.completeExceptionally(new TransportUnavailableException("the cluster task transport stopped before the task for "
                        + p.target + " could be sent"));
            }
            held.addAndGet(-waiting.size());
            waiting.clear();
        }
    }
}
