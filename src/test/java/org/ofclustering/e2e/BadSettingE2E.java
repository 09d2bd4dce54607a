package org.ofclustering.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An administrator enables clustering with an unparsable Redis address: openfire.log says so in one
 * line naming the property, the value and what is allowed, with no stack trace; the node does not
 * join (it stays unclustered) and keeps serving its users.
 */
class BadSettingE2E {
    private static final String BAD = "redis://exa mple:63x79";

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anUnparsableRedisAddressGivesOneClearLineAndTheNodeStaysUnclustered() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        try (OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 1, true,
                Map.of("clustering.redis.addresses", BAD))) {
            OpenfireNode node = cluster.node(0);
            node.awaitLogLine("has invalid value '" + BAD + "'", Duration.ofSeconds(120));
            Thread.sleep(3000); // anything that would follow the line (a stack trace, a join) has been written by now
            List<String> log = node.logSinceLaunch();
            List<String> lines = log.stream().filter(l -> l.contains("clustering.redis.addresses")).toList();
            assertEquals(1, lines.size(), "lines about the bad setting: " + lines);
            String line = lines.get(0);
            assertTrue(line.contains("redis://host:port"), "the line says what is allowed: " + line);
            int at = log.indexOf(line);
            String next = at + 1 < log.size() ? log.get(at + 1) : "";
            assertFalse(next.trim().startsWith("at ") || next.contains("Exception"), "a stack trace follows: " + next);
            assertTrue(log.stream().noneMatch(l -> l.contains(ClusterEvents.JOINED_THIS_NODE)), "the node joined a cluster anyway");
            try (XmppClient alice = XmppClient.register(node, XmppClient.uniqueName("alice"), "a");
                 XmppClient bob = XmppClient.register(node, XmppClient.uniqueName("bob"), "b")) {
                alice.send(bob.bareJid(), "still served");
                assertEquals(1, bob.awaitMessages(XmppClient.from(alice), 1, Duration.ofSeconds(30)).size(), "users are still served");
            }
        }
    }
}
