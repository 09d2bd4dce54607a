package org.ofclustering.admin;

import java.util.Objects;

/**
 * One RabbitMQ queue of the cluster.
 *
 * @param queue     queue name
 * @param messages  messages ready in the queue, or -1 when unknown
 * @param consumers consumers attached, or -1 when unknown
 */
public record QueueDepth(String queue, long messages, long consumers) {
    public QueueDepth {
        Objects.requireNonNull(queue, "queue");
    }
}
