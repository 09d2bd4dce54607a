package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher itself, with clustering disabled: one node and then two nodes on one fresh
 * database, each with {@code clustering.jar} loaded, serve XMPP users. This holds whatever state
 * the clustering code is in, so it tells a broken launcher apart from a broken cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenfireLauncherE2E {
    private OpenfireCluster single;

    @BeforeAll
    void startOneNode() throws Exception {
        var distribution = OpenfireDistribution.fromEnvironment();
        if (distribution.isPresent()) { // otherwise each test reports itself skipped
            single = OpenfireCluster.start(distribution.get(), OpenfireCluster.pluginJar(), 1, false);
        }
    }

    @AfterAll
    void stopOneNode() {
        if (single != null) {
            single.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void oneNodeLoadsThePluginAndServesUsers() throws Exception {
        E2eEnvironment.distribution();
        OpenfireNode node = single.node(0);
        assertPluginLoaded(node);
        exchangeMessages(node, node, "solo");
    }

    @Test
    void thePluginLoadsWithoutErrorInTheLog() {
        E2eEnvironment.distribution();
        OpenfireNode node = single.node(0);
        assertPluginLoaded(node);
        assertEquals(List.of(), errorsAboutThePlugin(node), "errors about the plugin in openfire.log of " + node.name());
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoNodesShareOneDatabaseAndEachServesUsers() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        try (OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 2, false)) {
            assertNotEquals(cluster.node(0).ports().client(), cluster.node(1).ports().client());
            for (OpenfireNode node : cluster.nodes()) {
                assertPluginLoaded(node);
            }
            // Accounts registered on the first node log in on the second: both use the one database.
            exchangeMessages(cluster.node(0), cluster.node(1), "pair");
        }
    }

    static void assertPluginLoaded(OpenfireNode node) {
        assertTrue(node.logLines().stream().anyMatch(l -> l.contains("Successfully loaded plugin 'clustering")),
                "openfire.log of " + node.name() + " does not say the clustering plugin was loaded\n" + node.diagnostics());
    }

    static List<String> errorsAboutThePlugin(OpenfireNode node) {
        return node.logLines().stream()
                .filter(l -> l.contains("ERROR") && (l.contains("org.ofclustering") || l.toLowerCase().contains("clustering")))
                .toList();
    }

    /**
     * Registers two users on {@code registerOn}, logs both in on {@code talkOn}, and has them send
     * a message to each other.
     */
    private static void exchangeMessages(OpenfireNode registerOn, OpenfireNode talkOn, String prefix) throws Exception {
        String a = prefix + "-alice";
        String b = prefix + "-bob";
        XmppClient.register(registerOn, a, "setup").close();
        XmppClient.register(registerOn, b, "setup").close();
        try (XmppClient alice = XmppClient.login(talkOn, a, "desk");
             XmppClient bob = XmppClient.login(talkOn, b, "phone")) {
            alice.send(bob.jid(), "hello from " + a);
            bob.send(alice.jid(), "hello from " + b);
            List<Message> atBob = bob.awaitMessages(XmppClient.from(alice), 1, Duration.ofSeconds(30));
            List<Message> atAlice = alice.awaitMessages(XmppClient.from(bob), 1, Duration.ofSeconds(30));
            assertEquals(List.of("hello from " + a), atBob.stream().map(Message::getBody).toList());
            assertEquals(List.of("hello from " + b), atAlice.stream().map(Message::getBody).toList());
        }
    }
}
