package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Roster pushes reach every resource of a user wherever it is connected, and presence travels
 * between users on different nodes: available, a changed status, unavailable.
 */
@ExtendWith(ClusterExtension.class)
class PresenceAndRosterE2E {
    private static final Duration VISIBLE = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void rosterPushAndPresenceAcrossNodes(OpenfireCluster cluster) throws Exception {
        String aliceName = XmppClient.uniqueName("alice");
        try (XmppClient alice1 = XmppClient.register(cluster.node(0), aliceName, "desk");
             XmppClient alice2 = XmppClient.login(cluster.node(1), aliceName, "phone");
             XmppClient bob = XmppClient.register(cluster.node(2), XmppClient.uniqueName("bob"), "laptop")) {
            Roster bobRoster = Roster.getInstanceFor(bob.connection());
            bobRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            Roster roster1 = Roster.getInstanceFor(alice1.connection());
            Roster roster2 = Roster.getInstanceFor(alice2.connection());
            roster1.reloadAndWait();
            roster2.reloadAndWait();

            roster1.createItemAndRequestSubscription(bob.bareJid(), "Bob", null);

            Eventually.await("alice's phone (node 2) gets the roster push for bob added on her desk (node 1)", VISIBLE,
                    () -> roster2.getEntry(bob.bareJid()) != null);
            Eventually.await("alice's phone (node 2) sees bob (node 3) available", VISIBLE,
                    () -> roster2.getPresence(bob.bareJid()).isAvailable());
            Eventually.await("alice's desk (node 1) sees bob (node 3) available", VISIBLE,
                    () -> roster1.getPresence(bob.bareJid()).isAvailable());

            bob.connection().sendStanza(bob.connection().getStanzaFactory().buildPresenceStanza()
                    .ofType(Presence.Type.available).setMode(Presence.Mode.away).setStatus("in a meeting").build());
            Eventually.await("alice's desk (node 1) sees bob away 'in a meeting'", VISIBLE, () -> {
                Presence p = roster1.getPresence(bob.bareJid());
                return p.getMode() == Presence.Mode.away && "in a meeting".equals(p.getStatus());
            });

            bob.close();
            Eventually.await("alice's phone (node 2) sees bob go offline", VISIBLE,
                    () -> !roster2.getPresence(bob.bareJid()).isAvailable());
        }
    }
}
