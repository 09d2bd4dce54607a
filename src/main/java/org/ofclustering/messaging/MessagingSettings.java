package org.ofclustering.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the task transport. {@link #defaults()} suits a production cluster; every value is
 * validated here so that a bad property fails at start with a message naming it.
 *
 * @param requestTimeout   deadline of a synchronous task when the caller gives none
 * @param confirmTimeout   how long a caller that waits for a publisher confirm waits at most
 * @param publishChannels  channels that carry one-way tasks; a lane always uses the same one, so
 *                         more channels means more parallel publishing, never reordering
 * @param workerThreads    threads that run received one-way tasks (lanes in parallel, each lane serial)
 * @param requestConsumers synchronous tasks this node runs at the same time (each on its own
 *                         consumer, without a hand-off to a worker: the caller waits)
 * @param prefetch         unacknowledged deliveries the broker may push to this node at once
 * @param persistent       one-way tasks are persistent messages: those waiting in a queue survive a
 *                         broker restart (queues are durable either way; quorum queues keep every
 *                         message on disk whatever the delivery mode)
 * @param queueType        classic (one broker) or quorum (replicated across a RabbitMQ cluster)
 * @param queueExpiry      a node queue without consumer is deleted by the broker after this time,
 *                         so queues of departed nodes never pile up
 * @param heartbeat        AMQP heartbeat; the broker notices a frozen node after about twice this
 * @param recoveryInterval pause between attempts to reconnect after a connection loss
 * @param dedupWindow      ids of recently received tasks remembered to drop redeliveries of tasks
 *                         that already ran before a connection loss
 * @param takeoverWait     how long a survivor waits for a dead node's consumer to vanish before it
 *                         drains that node's queue (retried until the queue is gone)
 * @param holdLimit        one-way tasks held in memory while the broker is away (sent when it is
 *                         back); past it a stanza goes to Openfire's unreachable-recipient handling
 */
public record MessagingSettings(Duration requestTimeout, Duration confirmTimeout, int publishChannels,
                                int workerThreads, int requestConsumers, int prefetch, boolean persistent, QueueType queueType,
                                Duration queueExpiry, Duration heartbeat, Duration recoveryInterval,
                                int dedupWindow, Duration takeoverWait, int holdLimit) {

    /** How node queues are declared. */
    public enum QueueType {
        /** Classic queue: fastest; lives on one broker of a RabbitMQ cluster. */
        CLASSIC,
        /** Quorum queue: replicated, survives the loss of a minority of brokers. */
        QUORUM
    }

    public MessagingSettings {
        positive("requestTimeout", requestTimeout);
        positive("confirmTimeout", confirmTimeout);
        positive("queueExpiry", queueExpiry);
        positive("heartbeat", heartbeat);
        positive("recoveryInterval", recoveryInterval);
        positive("takeoverWait", takeoverWait);
        Objects.requireNonNull(queueType, "queueType");
        atLeast("publishChannels", publishChannels, 1);
        atLeast("workerThreads", workerThreads, 1);
        atLeast("requestConsumers", requestConsumers, 1);
        atLeast("prefetch", prefetch, 1);
        atLeast("dedupWindow", dedupWindow, 0);
        atLeast("holdLimit", holdLimit, 0);
        if (queueExpiry.toMillis() < 60_000) {
            throw new IllegalArgumentException("queueExpiry must be at least one minute (a survivor needs time to take a dead node's queue over)");
        }
    }

    public static MessagingSettings defaults() {
        return new MessagingSettings(Duration.ofSeconds(15), Duration.ofSeconds(5), 8, 16, 8, 512, true,
                QueueType.CLASSIC, Duration.ofMinutes(30), Duration.ofSeconds(10), Duration.ofSeconds(2), 65_536,
                Duration.ofSeconds(60), 20_000);
    }

    public MessagingSettings withRequestTimeout(Duration value) {
        return new MessagingSettings(value, confirmTimeout, publishChannels, workerThreads, requestConsumers, prefetch, persistent,
                queueType, queueExpiry, heartbeat, recoveryInterval, dedupWindow, takeoverWait, holdLimit);
    }

    public MessagingSettings withRecoveryInterval(Duration value) {
        return new MessagingSettings(requestTimeout, confirmTimeout, publishChannels, workerThreads, requestConsumers, prefetch, persistent,
                queueType, queueExpiry, heartbeat, value, dedupWindow, takeoverWait, holdLimit);
    }

    public MessagingSettings withHeartbeat(Duration value) {
        return new MessagingSettings(requestTimeout, confirmTimeout, publishChannels, workerThreads, requestConsumers, prefetch, persistent,
                queueType, queueExpiry, value, recoveryInterval, dedupWindow, takeoverWait, holdLimit);
    }

    public MessagingSettings withQueueType(QueueType value) {
        return new MessagingSettings(requestTimeout, confirmTimeout, publishChannels, workerThreads, requestConsumers, prefetch, persistent,
                value, queueExpiry, heartbeat, recoveryInterval, dedupWindow, takeoverWait, holdLimit);
    }

    public MessagingSettings withPersistent(boolean value) {
        return new MessagingSettings(requestTimeout, confirmTimeout, publishChannels, workerThreads, requestConsumers, prefetch, value,
                queueType, queueExpiry, heartbeat, recoveryInterval, dedupWindow, takeoverWait, holdLimit);
    }

    public MessagingSettings withHoldLimit(int value) {
        return new MessagingSettings(requestTimeout, confirmTimeout, publishChannels, workerThreads, requestConsumers, prefetch, persistent,
                queueType, queueExpiry, heartbeat, recoveryInterval, dedupWindow, takeoverWait, value);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}
