package org.ofclustering.messaging;

import org.ofclustering.testsupport.InMemoryCluster;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.ofclustering.config.RabbitSettings;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Engine nodes of one test cluster against the real broker on 127.0.0.1:5672 (or a private one on
 * another port), under a cluster name of their own; {@link #close()} stops them and deletes every
 * exchange and queue of it.
 */
final class TestCluster implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    final String name = "it-messaging-" + UUID.randomUUID().toString().substring(0, 8);
    final InMemoryCluster membership = new InMemoryCluster();
    final Map<String, TaskTransport> transports = new LinkedHashMap<>();
    final Map<String, RecordingHandler> handlers = new LinkedHashMap<>();
    private final List<String> nodeIds = new ArrayList<>();
    private final RabbitSettings broker;
    private final Connection admin;

    TestCluster() throws IOException, TimeoutException {
        this(PORT);
    }

    /** Against the broker on 127.0.0.1:{@code port}; the test's own connection recovers when that broker restarts. */
    TestCluster(int port) throws IOException, TimeoutException {
        broker = rabbit(port);
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(HOST);
        f.setPort(port);
        f.setNetworkRecoveryInterval(500);
        admin = f.newConnection("test-admin");
    }

    static RabbitSettings rabbit() {
        return rabbit(PORT);
    }

    private static RabbitSettings rabbit(int port) {
        return RabbitSettings.local(HOST, port, "/", "guest", "guest");
    }

    static MessagingSettings settings() {
        return MessagingSettings.defaults().withRequestTimeout(Duration.ofSeconds(10)).withRecoveryInterval(Duration.ofMillis(500));
    }

    /** Registers a member without starting a transport for it (a node of another JVM, or a ghost). */
    String member(String nodeId) {
        membership.add(nodeId);
        nodeIds.add(nodeId);
        return nodeId;
    }

    /** Adds a member and starts its transport. */
    TaskTransport start(String nodeId) throws IOException {
        return start(nodeId, broker, settings());
    }

    TaskTransport start(String nodeId, RabbitSettings rabbit, MessagingSettings settings) throws IOException {
        if (!nodeIds.contains(nodeId)) {
            member(nodeId);
        }
        RecordingHandler handler = new RecordingHandler(nodeId);
        TaskTransport t = new TaskTransport(rabbit, name, membership.view(nodeId), handler, settings);
        t.start();
        transports.put(nodeId, t);
        handlers.put(nodeId, handler);
        return t;
    }

    RecordingHandler handler(String nodeId) {
        return handlers.get(nodeId);
    }

    TaskTransport transport(String nodeId) {
        return transports.get(nodeId);
    }

    String queueOf(String nodeId) {
        return new ClusterTopology(name, settings()).queueOf(nodeId);
    }

    /** A fresh channel on the test's own connection (for raw publishes and inspection). */
    Channel channel() throws IOException {
        return admin.createChannel();
    }

    /** True when the node's queue exists. */
    boolean queueExists(String nodeId) throws IOException {
        return exists(queueOf(nodeId));
    }

    /** True when the node's request queue exists. */
    boolean requestQueueExists(String nodeId) throws IOException {
        return exists(new ClusterTopology(name, settings()).requestQueueOf(nodeId));
    }

    /** @throws IOException the answer is unknown: the test's own connection is down (being recovered) */
    private boolean exists(String queue) throws IOException {
        Channel ch;
        try {
            ch = admin.createChannel();
        } catch (AlreadyClosedException e) {
            throw new IOException("the test connection is not open", e);
        }
        try {
            ch.queueDeclarePassive(queue);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (ch.isOpen()) {
                try {
                    ch.close();
                } catch (TimeoutException e) {
                    // test cleanup
                }
            }
        }
    }

    @Override
    public void close() throws IOException, TimeoutException {
        for (TaskTransport t : transports.values()) {
            t.close();
        }
        ClusterTopology topology = new ClusterTopology(name, settings());
        try {
            for (String id : nodeIds) {
                try (Channel ch = admin.createChannel()) {
                    ch.queueDelete(topology.queueOf(id));
                    ch.queueDelete(topology.requestQueueOf(id));
                }
            }
            try (Channel ch = admin.createChannel()) {
                topology.deleteExchanges(ch);
            }
        } finally {
            admin.abort(2_000); // also ends its recovery when the broker is gone
        }
    }
}
