package org.ofclustering.e2e;

import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code SIGSTOP} of a node until the others see its users go offline (past its lease), then
 * {@code SIGCONT} at once: the other nodes carry on meanwhile; the frozen node, coming back right
 * after it was declared gone, fences itself (leaves) and rejoins by itself, and then serves users
 * across the cluster again.
 */
@ExtendWith(ClusterExtension.class)
class NodeFreezeE2E {
    /** Generous bound for the departure of a frozen node (lease 2.5 s by default). */
    private static final Duration FREEZE = Duration.ofSeconds(15);
    private static final Duration VISIBLE = Duration.ofSeconds(30);
    private static final Duration REJOIN = Duration.ofSeconds(90);

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void frozenNodeIsDroppedThenFencesItselfAndRejoins(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 2, "needs a cluster of three nodes");
        DetectionRuns runs = new DetectionRuns("SIGSTOP");
        for (int run = 0; run < DetectionRuns.count(); run++) {
            freezeOnce(cluster, runs);
        }
        runs.print();
    }

    private static void freezeOnce(OpenfireCluster cluster, DetectionRuns runs) throws Exception {
        OpenfireNode frozen = cluster.node(2);
        try (XmppClient alice = XmppClient.register(cluster.node(0), XmppClient.uniqueName("alice"), "n1");
             XmppClient bob = XmppClient.register(cluster.node(1), XmppClient.uniqueName("bob"), "n2");
             XmppClient carol = XmppClient.register(frozen, XmppClient.uniqueName("carol"), "n3")) {
            Roster aliceRoster = Rosters.watch(alice, carol, VISIBLE);
            int mark = frozen.logMark();

            frozen.freeze();
            try {
                Duration noticed = Eventually.await("alice (node 1) sees carol (frozen node 3) offline", FREEZE.plus(VISIBLE), 10,
                        () -> !aliceRoster.getPresence(carol.bareJid()).isAvailable());
                runs.add(noticed.toMillis());
                alice.send(bob.bareJid(), "while node 3 is frozen");
                assertEquals(1, bob.awaitMessages(XmppClient.from(alice), 1, VISIBLE).size(),
                        "node 1 and node 2 carry on while node 3 is frozen");
            } finally {
                frozen.resume();
            }

            Eventually.await("node 3, resumed, leaves the cluster (fences itself) and then joins it again", REJOIN, () -> {
                List<String> log = frozen.logLines();
                List<String> since = log.subList(Math.min(mark, log.size()), log.size());
                int left = indexOf(since, ClusterEvents.LEFT_THIS_NODE, 0);
                return left >= 0 && indexOf(since, ClusterEvents.JOINED_THIS_NODE, left + 1) >= 0;
            });
            try (XmppClient dave = XmppClient.register(frozen, XmppClient.uniqueName("dave"), "n3")) {
                dave.send(alice.bareJid(), "node 3 is back");
                assertEquals(1, alice.awaitMessages(XmppClient.from(dave), 1, VISIBLE).size(),
                        "a user of the rejoined node 3 reaches alice on node 1");
            }
        } finally {
            if (frozen.isRunning()) {
                frozen.resume();
            }
            NodeCrashE2E.restore(cluster, frozen);
        }
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
