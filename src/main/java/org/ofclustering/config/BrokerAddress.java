package org.ofclustering.config;

/** One RabbitMQ broker host and port. */
public record BrokerAddress(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
