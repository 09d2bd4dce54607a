package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5Proxy;
import org.jivesoftware.smackx.bytestreams.socks5.packet.Bytestream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.jxmpp.jid.impl.JidCreate;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A file sent through the server's XEP-0065 proxy between users on different nodes arrives
 * intact (SHA-256 of what arrived equals that of what was sent). Clients run no proxy of their own,
 * so the bytes must go through the cluster.
 */
@ExtendWith(ClusterExtension.class)
class FileTransferE2E {
    private static final int SIZE = 16 * 1024 * 1024;

    @BeforeAll
    static void noClientSideProxy() {
        Socks5Proxy.setLocalSocks5ProxyEnabled(false);
    }

    /**
     * With Openfire's default proxy settings ({@code clustering.proxy.port} unset, Openfire's own
     * proxy enabled on {@code xmpp.proxy.port}) clustering starts, and the cluster-aware proxy of the
     * plugin serves {@code proxy.<domain>} on every node, on the port clients already know.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withDefaultProxySettingsEveryNodeOffersItsClusterAwareProxyOnOpenfiresProxyPort(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 1, "needs a cluster of several nodes");
        for (OpenfireNode node : cluster.nodes()) {
            try (XmppClient user = XmppClient.register(node, XmppClient.uniqueName("asker"), "n")) {
                Bytestream query = new Bytestream();
                query.setTo(JidCreate.domainBareFrom("proxy." + cluster.domain()));
                query.setType(IQ.Type.get);
                Bytestream answer = user.connection().sendIqRequestAndWaitForResponse(query);
                List<String> offered = answer.getStreamHosts().stream()
                        .map(h -> h.getAddress() + ":" + h.getPort()).toList();
                assertEquals(List.of("127.0.0.1:" + node.ports().proxy()), offered,
                        "stream hosts offered to a user of " + node.name() + ": its cluster-aware proxy on Openfire's proxy port");
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fileBetweenUsersOnDifferentNodesArrivesIntact(OpenfireCluster cluster) throws Exception {
        try (XmppClient alice = XmppClient.register(cluster.node(0), XmppClient.uniqueName("alice"), "n1");
             XmppClient bob = XmppClient.register(cluster.node(1), XmppClient.uniqueName("bob"), "n2")) {
            FileTransfer.sendIntact(alice, bob, SIZE, "file bob (node 2) received from alice (node 1)");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fileBetweenUsersOnOneNodeArrivesIntact(OpenfireCluster cluster) throws Exception {
        try (XmppClient alice = XmppClient.register(cluster.node(0), XmppClient.uniqueName("alice"), "n1");
             XmppClient bob = XmppClient.register(cluster.node(0), XmppClient.uniqueName("bob"), "n1")) {
            FileTransfer.sendIntact(alice, bob, SIZE, "file bob received from alice on the same node");
        }
    }
}
