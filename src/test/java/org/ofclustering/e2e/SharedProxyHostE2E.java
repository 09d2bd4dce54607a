package org.ofclustering.e2e;

import org.jivesoftware.smackx.bytestreams.socks5.Socks5Proxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * File transfer with one shared proxy host name in front of all nodes: the cluster offers a
 * single stream host ({@code clustering.proxy.streamHosts}), a round-robin load balancer behind it
 * sends the two SOCKS5 legs of a transfer to different nodes, and the file still arrives intact.
 * Runs its own two-node cluster, because the stream host setting is cluster-wide.
 */
class SharedProxyHostE2E {
    private static final int SIZE = 16 * 1024 * 1024;

    @BeforeAll
    static void noClientSideProxy() {
        Socks5Proxy.setLocalSocks5ProxyEnabled(false);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void fileThroughOneLoadBalancedProxyNameArrivesIntact() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        try (RoundRobinBalancer balancer = new RoundRobinBalancer();
             OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 2, true,
                     Map.of("clustering.proxy.streamHosts", "127.0.0.1:" + balancer.port()))) {
            cluster.awaitFormed(ClusterExtension.FORMATION_TIMEOUT);
            balancer.setTargets(List.of(cluster.node(0).ports().bridgeSocks(), cluster.node(1).ports().bridgeSocks()));
            for (int round = 0; round < 2; round++) { // both arrival orders of the legs over the two nodes
                if (round == 1) {
                    balancer.shift();
                }
                int before = balancer.routed().size();
                try (XmppClient alice = XmppClient.register(cluster.node(0), XmppClient.uniqueName("alice"), "n1");
                     XmppClient bob = XmppClient.register(cluster.node(1), XmppClient.uniqueName("bob"), "n2")) {
                    FileTransfer.sendIntact(alice, bob, SIZE, "file bob received through the shared proxy name, round " + round);
                }
                List<Integer> legs = balancer.routed().subList(before, balancer.routed().size());
                assertEquals(2, legs.size(), "SOCKS5 connections through the balancer in round " + round + ": " + legs);
                assertNotEquals(legs.get(0), legs.get(1), "the two legs of round " + round + " went to different nodes");
            }
        }
    }
}
