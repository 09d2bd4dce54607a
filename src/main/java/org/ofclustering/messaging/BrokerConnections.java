package org.ofclustering.messaging;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import org.ofclustering.config.BrokerAddress;
import org.ofclustering.config.RabbitSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * Opens connections to the RabbitMQ cluster with automatic recovery: on a connection loss the
 * client reconnects, trying the configured brokers in order, re-declares the exchanges, queues and
 * bindings declared through the connection, and re-registers consumers and channel settings
 * (prefetch, confirm mode). One line is logged when a connection is lost and one when it is back.
 */
final class BrokerConnections {
    private static final Logger Log = LoggerFactory.getLogger(BrokerConnections.class);

    private final ConnectionFactory factory;
    private final List<Address> addresses;

    BrokerConnections(RabbitSettings rabbit, MessagingSettings settings) {
        this.factory = new ConnectionFactory();
        factory.setVirtualHost(rabbit.virtualHost());
        if (rabbit.username() != null) {
            factory.setUsername(rabbit.username());
        }
        if (rabbit.password() != null) {
            factory.setPassword(rabbit.password().reveal());
        }
        factory.setConnectionTimeout((int) rabbit.connectTimeout().toMillis());
        factory.setHandshakeTimeout((int) rabbit.connectTimeout().toMillis());
        factory.setRequestedHeartbeat((int) Math.max(1, settings.heartbeat().toSeconds()));
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
        if (rabbit.tls()) {
            try {
                if (rabbit.verifyPeer()) {
                    factory.useSslProtocol(SSLContext.getDefault());
                    factory.enableHostnameVerification();
                } else {
                    factory.useSslProtocol();
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot set up TLS for RabbitMQ: " + e.getMessage(), e);
            }
        }
        this.addresses = rabbit.addresses().stream().map(BrokerConnections::address).toList();
    }

    private static Address address(BrokerAddress a) {
        return new Address(a.host(), a.port());
    }

    /**
     * Opens a connection to the first broker that answers.
     *
     * @param name     connection name shown in the RabbitMQ management UI
     * @param recovery told when the connection is lost and when it is recovered
     * @param consumerThreads threads that deliver to this connection's consumers, or null for the client's default
     */
    Connection open(String name, RecoveryListener recovery, ExecutorService consumerThreads) throws IOException {
        try {
            Connection c = factory.newConnection(consumerThreads, addresses, name);
            c.addShutdownListener(cause -> {
                if (!cause.isInitiatedByApplication()) {
                    Log.warn("RabbitMQ connection {} lost: {}; recovering", name, cause.getMessage());
                }
            });
            ((Recoverable) c).addRecoveryListener(recovery);
            Log.info("Connected to RabbitMQ {} as {}", c.getAddress().getHostAddress() + ":" + c.getPort(), name);
            return c;
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + addresses + " did not answer in time", e);
        }
    }
}
