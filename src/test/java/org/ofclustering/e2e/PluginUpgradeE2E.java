package org.ofclustering.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An administrator uploads a newer clustering.jar on a clustered node: Openfire unloads the old
 * plugin (the node leaves the cluster cleanly) and loads the new one (the node rejoins), users
 * keep exchanging messages across nodes afterwards, and the node runs no more of the plugin's
 * threads than before: nothing of the old plugin instance keeps running.
 */
@ExtendWith(ClusterExtension.class)
class PluginUpgradeE2E {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /**
     * Threads that one running instance of the plugin has exactly a fixed number of (pools that grow
     * on demand, such as the task lanes, are left out): two of them after an upgrade means the old
     * instance still runs.
     */
    private static final Pattern PLUGIN_THREAD = Pattern.compile(
            "^\"((ofc-membership-heartbeat|ofc-membership-events|ofc-lock-watchdog|ofc-tasks-timer|AMQP Connection|lettuce-timer|bridge-[^\"]*-accept)[^\"]*)\"",
            Pattern.MULTILINE);

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void replacingTheJarLeavesAndRejoinsWithoutLeakingThreads(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 1, "needs a cluster of several nodes");
        OpenfireNode upgraded = cluster.node(cluster.size() - 1);
        OpenfireNode observer = cluster.node(0);
        int before = pluginThreads(upgraded).size();

        int mark = upgraded.logMark();
        int observerMark = observer.logMark();
        Path installed = upgraded.home().resolve("plugins").resolve("clustering.jar");
        Path newer = Files.createTempFile("clustering", ".jar");
        Files.copy(OpenfireCluster.pluginJar(), newer, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(newer, FileTime.from(Instant.now().plusSeconds(5)));
        Files.move(newer, installed, StandardCopyOption.REPLACE_EXISTING);

        upgraded.awaitLogLine(mark, ClusterEvents.LEFT_THIS_NODE, TIMEOUT);
        upgraded.awaitLogLine(mark, ClusterEvents.JOINED_THIS_NODE, TIMEOUT);
        observer.awaitLogLine(observerMark, ClusterEvents.joinedOther(upgraded), TIMEOUT);

        try (XmppClient alice = XmppClient.register(observer, XmppClient.uniqueName("alice"), "n1");
             XmppClient bob = XmppClient.register(upgraded, XmppClient.uniqueName("bob"), "upgraded")) {
            alice.send(bob.bareJid(), "after the upgrade");
            assertEquals(1, bob.awaitMessages(XmppClient.from(alice), 1, TIMEOUT).size(), "a message across nodes after the upgrade");
        }

        // Threads of the old instance end while it is unloaded; give slow shutdowns a moment.
        List<String> after = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            after = pluginThreads(upgraded);
            if (after.size() <= before) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.println("[e2e] plugin threads before the upgrade " + before + ", after " + after.size());
        assertTrue(after.size() <= before, "the node runs more plugin threads after the upgrade (" + before + " before): " + after);
    }

    private static List<String> pluginThreads(OpenfireNode node) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(node.pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS), "jcmd did not answer");
        Matcher m = PLUGIN_THREAD.matcher(dump);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
