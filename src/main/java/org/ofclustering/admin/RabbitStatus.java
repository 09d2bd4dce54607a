package org.ofclustering.admin;

import java.util.List;

/**
 * RabbitMQ as the local node sees it.
 *
 * @param addresses     configured brokers, without credentials
 * @param connectedTo   the broker the node is connected to, or null when disconnected
 * @param queues        the cluster's queues with their depth
 * @param unroutable    publishes the broker could not route (mandatory flag) since the node started
 * @param returned      tasks that came back because their target node was unknown or gone
 * @param problem       why the node is disconnected, or null
 */
public record RabbitStatus(List<String> addresses, String connectedTo, List<QueueDepth> queues, long unroutable,
                           long returned, String problem) {
    public RabbitStatus {
        addresses = List.copyOf(addresses);
        queues = List.copyOf(queues);
    }

    public boolean connected() {
        return connectedTo != null;
    }
}
