package org.ofclustering.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach RabbitMQ.
 *
 * @param addresses      brokers of one RabbitMQ cluster, tried in order on connect and on recovery
 * @param virtualHost    virtual host of the cluster's exchanges and queues
 * @param username       user name
 * @param password       password
 * @param tls            use TLS
 * @param verifyPeer     verify the broker certificate and host name when TLS is on
 * @param connectTimeout TCP and AMQP handshake timeout
 */
public record RabbitSettings(List<BrokerAddress> addresses, String virtualHost, String username, Secret password,
                             boolean tls, boolean verifyPeer, Duration connectTimeout) {
    public RabbitSettings {
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one RabbitMQ address is required");
        }
    }

    /** A local broker with the given credentials and virtual host, as used by tests. */
    public static RabbitSettings local(String host, int port, String virtualHost, String user, String password) {
        return new RabbitSettings(List.of(new BrokerAddress(host, port)), virtualHost, user, Secret.ofNullable(password),
                false, true, Duration.ofSeconds(5));
    }
}
