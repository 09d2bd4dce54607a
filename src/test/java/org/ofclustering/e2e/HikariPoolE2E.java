package org.ofclustering.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code clustering.database.hikari.enabled}, the plugin replaces Openfire's database pool by
 * HikariCP on a running server: the log says so, and everything that needs the database (account
 * registration, login, offline storage) keeps working.
 */
class HikariPoolE2E {
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void openfireRunsOnHikariWhenSwitchedOn() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        try (OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 1, true,
                Map.of("clustering.database.hikari.enabled", "true"))) {
            OpenfireNode node = cluster.node(0);
            node.awaitLogLine("Openfire's database connections now come from HikariCP", Duration.ofSeconds(120));
            String bobName = XmppClient.uniqueName("bob");
            try (XmppClient alice = XmppClient.register(node, XmppClient.uniqueName("alice"), "a")) {
                XmppClient.register(node, bobName, "b").close();
                alice.send(bobName + "@" + node.domain(), "stored while offline");
                alice.sync();
                try (XmppClient bob = XmppClient.login(node, bobName, "again")) {
                    assertEquals(1, bob.awaitMessages(XmppClient.from(alice), 1, Duration.ofSeconds(30)).size(),
                            "the offline message, stored and read through HikariCP");
                }
            }
        }
    }
}
