package org.ofclustering.e2e;

import org.junit.jupiter.api.Test;
import org.ofclustering.testsupport.ScratchRedis;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plugin's admin pages inside a real Openfire admin console, logged in as admin: Openfire's
 * clustering page links every node to the plugin's node page, and the node, status and settings
 * pages render inside the console's layout with every node of the cluster. When Chromium is
 * installed, each page is also rendered to a PNG under target/screenshots-e2e (the HTML saved with
 * a base address pointing at the node's console, so its style sheets load).
 */
@ExtendWith(ClusterExtension.class)
class AdminPagesE2E {
    private static final Duration VISIBLE = Duration.ofSeconds(60);
    private static final Pattern NODE_LINK = Pattern.compile("plugins/clustering/system-clustering-node\\.jsp\\?UID=([^\"&]+)");
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void pluginPagesShowTheWholeClusterInsideTheConsole(OpenfireCluster cluster) throws Exception {
        assumeTrue(cluster.size() > 1, "needs a cluster of several nodes");
        OpenfireNode viewer = cluster.node(0);
        AdminConsole console = AdminConsole.login(viewer, OpenfireCluster.ADMIN_PASSWORD);
        for (OpenfireNode listed : cluster.nodes()) {
            Eventually.await("clustering page lists " + listed.nodeId(), VISIBLE,
                    () -> page(console, "system-clustering.jsp").contains(listed.nodeId()));
        }
        String clusteringPage = console.get("system-clustering.jsp");
        Matcher link = NODE_LINK.matcher(clusteringPage);
        List<String> nodeLinks = new ArrayList<>();
        while (link.find()) {
            nodeLinks.add(link.group(0));
        }
        assertTrue(nodeLinks.size() >= cluster.size(), "Openfire's clustering page links each node to the plugin's node page: " + nodeLinks);

        String nodePage = console.get(nodeLinks.get(0));
        assertTrue(nodePage.contains("Routing Users Cache") || nodePage.contains("Routing User Sessions"),
                "the node page lists Openfire's clustered caches");
        assertTrue(nodePage.contains("id=\"jive-header\"") || nodePage.contains("jive-main"),
                "the node page is decorated with the admin console's layout");

        String status = console.get("plugins/clustering/clustering-status.jsp");
        assertTrue(status.contains(cluster.clusterName()), "the status page names the cluster");
        for (OpenfireNode n : cluster.nodes()) {
            assertTrue(status.contains(n.nodeId()), "the status page lists " + n.nodeId());
        }

        String settings = console.get("plugins/clustering/clustering-settings.jsp");
        assertTrue(settings.contains("clustering.redis.addresses"), "the settings page lists the Redis addresses setting");
        assertFalse(settings.contains(OpenfireCluster.ADMIN_PASSWORD), "the settings page never shows a secret");

        screenshot(viewer, "clustering", clusteringPage);
        screenshot(viewer, "node", nodePage);
        screenshot(viewer, "status", status);
        screenshot(viewer, "settings", settings);
    }

    private static String page(AdminConsole console, String path) {
        try {
            return console.get(path);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void screenshot(OpenfireNode node, String name, String html) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            System.out.println("[e2e] no screenshot of the " + name + " page: /usr/bin/chromium is not installed");
            return;
        }
        Path dir = Files.createDirectories(Paths.get("target", "screenshots-e2e"));
        Path page = dir.resolve(name + ".html");
        String withBase = html.replaceFirst("(?i)<head>", "<head><base href=\"" + node.adminConsoleUrl() + "\">");
        Files.writeString(page, withBase, StandardCharsets.UTF_8);
        Path png = dir.resolve(name + ".png");
        Path profile = Files.createTempDirectory("chromium-e2e");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1000",
                page.toUri().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish the " + name + " screenshot");
        } finally {
            p.destroyForcibly();
            ScratchRedis.deleteTree(profile); // chromium's profile: nothing of a test run stays in the temp directory
        }
        assertTrue(Files.size(png) > 1000, "screenshot of the " + name + " page is empty");
        System.out.println("[e2e] screenshot of the " + name + " page: " + png);
    }
}
