package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kill -9} of a node: the others see its users go offline; messages sent to them from
 * then on, including those sent before the death was noticed, are stored offline and delivered
 * when the user logs in again on a surviving node; what was delivered before the crash stays
 * delivered. The node is restarted and rejoins afterwards.
 */
@ExtendWith(ClusterExtension.class)
class NodeCrashE2E {
    /** Generous bound for an awaited condition on a busy two-core machine, not a performance claim. */
    private static final Duration DETECTION = Duration.ofSeconds(30);
    private static final Duration VISIBLE = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void usersOfAKilledNodeGoOfflineAndGetTheirMessagesOnASurvivor(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 1, "needs a cluster of several nodes");
        DetectionRuns runs = new DetectionRuns("kill -9");
        for (int run = 0; run < DetectionRuns.count(); run++) {
            killOnce(cluster, runs);
        }
        runs.print();
    }

    private static void killOnce(OpenfireCluster cluster, DetectionRuns runs) throws Exception {
        OpenfireNode victim = cluster.node(1);
        OpenfireNode survivor = cluster.node(0);
        String bobName = XmppClient.uniqueName("bob");
        try (XmppClient alice = XmppClient.register(survivor, XmppClient.uniqueName("alice"), "n1")) {
            XmppClient bob = XmppClient.register(victim, bobName, "doomed");
            try {
                Roster aliceRoster = Rosters.watch(alice, bob, VISIBLE);
                for (int i = 0; i < 50; i++) {
                    alice.send(bob.bareJid(), "before-" + i);
                }
                assertEquals(numbered("before-", 50),
                        bodies(bob.awaitMessages(XmppClient.from(alice), 50, VISIBLE)), "delivered before the crash");

                victim.kill9();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 10; i++) { // in flight: sent before anyone noticed the death
                    alice.send(bob.bareJid(), "during-" + i);
                    expected.add("during-" + i);
                }
                Duration noticed = Eventually.await("alice (" + survivor.name() + ") sees bob (killed " + victim.name()
                        + ") offline", DETECTION, 10, () -> !aliceRoster.getPresence(bob.bareJid()).isAvailable());
                runs.add(noticed.toMillis());
                for (int i = 0; i < 20; i++) {
                    alice.send(bob.bareJid(), "after-" + i);
                    expected.add("after-" + i);
                }
                alice.sync(); // all of them stored before bob logs in again

                try (XmppClient bobAgain = XmppClient.login(survivor, bobName, "rescued")) {
                    List<Message> offline = bobAgain.awaitMessages(XmppClient.from(alice), expected.size(), VISIBLE);
                    List<Message> all = bobAgain.messagesAfter(XmppClient.from(alice), Duration.ofSeconds(3));
                    List<String> bounced = bodies(alice.messagesAfter(
                            m -> m.getType() == Message.Type.error && XmppClient.from(bob).test(m), Duration.ZERO));
                    assertEquals(expected, bodies(all), "messages bob finds on " + survivor.name()
                            + " after his node was killed (got " + offline.size() + " within " + VISIBLE
                            + "; bounced back to alice as errors: " + bounced + ")");
                }
            } finally {
                bob.close();
            }
        } finally {
            restore(cluster, victim);
        }
    }

    static void restore(OpenfireCluster cluster, OpenfireNode node) throws Exception {
        if (!node.isRunning()) {
            cluster.restart(node, ClusterExtension.FORMATION_TIMEOUT);
        }
    }

    static List<String> numbered(String prefix, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(prefix + i);
        }
        return bodies;
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }
}
