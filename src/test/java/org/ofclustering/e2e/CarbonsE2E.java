package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Message carbons (XEP-0280) reach a user's second resource connected to another node, both directions. */
@ExtendWith(ClusterExtension.class)
class CarbonsE2E {
    private static final Duration VISIBLE = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void carbonsOfReceivedAndSentMessagesReachTheOtherResource(OpenfireCluster cluster) throws Exception {
        String aliceName = XmppClient.uniqueName("alice");
        try (XmppClient alice1 = XmppClient.register(cluster.node(0), aliceName, "desk");
             XmppClient alice2 = XmppClient.login(cluster.node(1), aliceName, "phone");
             XmppClient bob = XmppClient.register(cluster.node(2), XmppClient.uniqueName("bob"), "laptop")) {
            CarbonManager.getInstanceFor(alice1.connection()).enableCarbons();
            CarbonManager.getInstanceFor(alice2.connection()).enableCarbons();
            List<String> carbons = new CopyOnWriteArrayList<>();
            CarbonManager.getInstanceFor(alice2.connection()).addCarbonCopyReceivedListener(
                    (direction, copy, wrapper) -> carbons.add(direction + ":" + copy.getBody()));

            bob.send(alice1.jid(), "to the desk");
            List<Message> atDesk = alice1.awaitMessages(XmppClient.from(bob), 1, VISIBLE);
            assertEquals(List.of("to the desk"), atDesk.stream().map(Message::getBody).toList());
            Eventually.await("alice's phone (node 2) gets the received carbon of bob's message to her desk (node 1)",
                    VISIBLE, () -> carbons.contains(CarbonExtension.Direction.received + ":to the desk"));

            alice1.send(bob.jid(), "from the desk");
            bob.awaitMessages(XmppClient.from(alice1), 1, VISIBLE);
            Eventually.await("alice's phone (node 2) gets the sent carbon of what her desk (node 1) sent",
                    VISIBLE, () -> carbons.contains(CarbonExtension.Direction.sent + ":from the desk"));

            assertEquals(List.of(CarbonExtension.Direction.received + ":to the desk",
                    CarbonExtension.Direction.sent + ":from the desk"), List.copyOf(carbons), "carbons, each exactly once");
        }
    }
}
