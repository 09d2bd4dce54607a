package org.ofclustering.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an administrator sees and does on Openfire's clustering page: every node listed on every
 * node; a node leaves with "Disable" and comes back with "Enable", and its users are served
 * throughout.
 */
@ExtendWith(ClusterExtension.class)
class AdminConsoleE2E {
    private static final Duration VISIBLE = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void clusteringPageOfEveryNodeListsAllNodes(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 1, "needs a cluster of several nodes");
        for (OpenfireNode viewer : cluster.nodes()) {
            AdminConsole console = AdminConsole.login(viewer, OpenfireCluster.ADMIN_PASSWORD);
            for (OpenfireNode listed : cluster.nodes()) {
                Eventually.await("clustering page of " + viewer.name() + " lists " + listed.name() + " (" + listed.nodeId() + ")",
                        VISIBLE, () -> page(console).contains(listed.nodeId()));
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nodeLeavesAndRejoinsThroughTheAdminConsoleToggle(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 1, "needs a cluster of several nodes");
        OpenfireNode leaver = cluster.node(cluster.size() - 1);
        OpenfireNode observer = cluster.node(0);
        AdminConsole leaverConsole = AdminConsole.login(leaver, OpenfireCluster.ADMIN_PASSWORD);
        AdminConsole observerConsole = AdminConsole.login(observer, OpenfireCluster.ADMIN_PASSWORD);
        int mark = leaver.logMark();
        try {
            leaverConsole.setClustering(false);
            leaver.awaitLogLine(mark, ClusterEvents.LEFT_THIS_NODE, VISIBLE);
            Eventually.await("clustering page of " + observer.name() + " no longer lists " + leaver.name(), VISIBLE,
                    () -> !page(observerConsole).contains(leaver.nodeId()));
            try (XmppClient local = XmppClient.register(leaver, XmppClient.uniqueName("local"), "alone")) {
                assertTrue(local.isConnected(), "a user can still log in on the node that left");
            }
        } finally {
            leaverConsole.setClustering(true);
        }
        Eventually.await("clustering page of " + observer.name() + " lists " + leaver.name() + " again", VISIBLE,
                () -> page(observerConsole).contains(leaver.nodeId()));
        try (XmppClient there = XmppClient.register(leaver, XmppClient.uniqueName("back"), "n3");
             XmppClient here = XmppClient.register(observer, XmppClient.uniqueName("here"), "n1")) {
            here.send(there.bareJid(), "welcome back");
            assertTrue(there.awaitMessages(XmppClient.from(here), 1, VISIBLE).size() == 1,
                    "a message from " + observer.name() + " reaches a user on the rejoined " + leaver.name());
        }
    }

    private static String page(AdminConsole console) {
        try {
            return console.get("system-clustering.jsp");
        } catch (Exception e) {
            throw new IllegalStateException("clustering page not readable: " + e.getMessage(), e);
        }
    }
}
