/**
 * Cluster tasks between nodes over RabbitMQ: a queue per node, a broadcast exchange, request/reply
 * through direct reply-to with deadlines, publisher confirms and mandatory routing, ordered lanes,
 * automatic connection recovery, and takeover of a departed node's queue by the senior survivor.
 * Entry point: {@link org.ofclustering.messaging.TaskTransport}.
 */
package org.ofclustering.messaging;
