package org.ofclustering.config;

/** RabbitMQ queue type of the node queues, as administrators choose it. */
public enum MessagingQueueType {
    /** Classic queue: fastest; lives on one broker of a RabbitMQ cluster. */
    CLASSIC,
    /** Quorum queue: replicated, survives the loss of a minority of brokers. */
    QUORUM
}
