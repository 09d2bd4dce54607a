package org.ofclustering.messaging;

import org.junit.jupiter.api.Test;
import org.ofclustering.config.BrokerAddress;
import org.ofclustering.config.RabbitSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.testsupport.TcpProxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node A reaches the broker through two loopback proxies (a two-address broker list). All of A's
 * connections are cut and the first proxy refuses new ones while both nodes keep sending to each other:
 * A holds its sends while it is disconnected, recovers through the second address and sends them
 * then: every task sent runs exactly once on its target, in its lane's order.
 */
class ConnectionRecoveryIT {
    private static final int MAX_TASKS = 3_000;

    @Test
    void connectionLossHoldsSendsRecoversThroughTheNextBrokerAndLosesNoTask() throws Exception {
        try (TcpProxy first = new TcpProxy(TestCluster.HOST, TestCluster.PORT);
             TcpProxy second = new TcpProxy(TestCluster.HOST, TestCluster.PORT);
             TestCluster cluster = new TestCluster()) {
            RabbitSettings viaProxies = new RabbitSettings(List.of(new BrokerAddress("127.0.0.1", first.port()),
                    new BrokerAddress("127.0.0.1", second.port())), "/", "guest", Secret.ofNullable("guest"), false, true, Duration.ofSeconds(5));
            TaskTransport a = cluster.start("node-a", viaProxies, TestCluster.settings());
            TaskTransport b = cluster.start("node-b");

            AtomicBoolean stop = new AtomicBoolean();
            TaskTraffic[] traffic = TaskTraffic.bothWays(a, b, stop, MAX_TASKS);
            TaskTraffic aToB = traffic[0];
            TaskTraffic bToA = traffic[1];

            // the client spreads connections over the listed brokers at random: cut A's connections
            // through both, and let only the second accept new ones
            first.setRefusing(true);
            second.cutConnections();
            TaskTransportIT.eventually("node-a notices the loss", () -> !a.isConnected());
            TaskTransportIT.eventually("node-a recovers through the second broker address", a::isConnected);
            int confirmedAtRecovery = aToB.confirmed.size();
            TaskTransportIT.eventually("node-a sends again after recovery", () -> aToB.confirmed.size() > confirmedAtRecovery + 100);
            stop.set(true);
            aToB.join(60_000);
            bToA.join(60_000);

            assertEquals(0, aToB.failedFast.get(), "sends while disconnected were held, not failed");
            assertEquals(0, aToB.otherFailures.get() + bToA.otherFailures.get(), "no send failed");
            aToB.assertSentRanOnceInOrder(cluster.handler("node-b"));
            bToA.assertSentRanOnceInOrder(cluster.handler("node-a"));
        }
    }
}
