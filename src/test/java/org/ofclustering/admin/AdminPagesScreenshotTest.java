package org.ofclustering.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each page in a real browser (headless Chromium), inside a stand-in of Openfire's admin layout:
 * PNG screenshots land in target/screenshots/, and the status page is shown to refresh itself.
 * Skipped when Debian's chromium package is not installed.
 */
class AdminPagesScreenshotTest {
    private static final Path DIR = Path.of("target", "screenshots");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static ConsoleTestServer server;
    private final SampleCluster cluster = new SampleCluster("xmpp3.example.com");

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChromium.installed(),
                "headless browser test skipped: " + HeadlessChromium.BINARY + " is absent (apt-get install chromium)");
        Files.createDirectories(DIR);
        server = ConsoleTestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void uninstall() {
        ConsoleServices.uninstall();
    }

    private void install(Locale locale, MemorySettingsStore store) {
        ConsoleServices.install(new ConsoleServices(cluster, store, () -> locale, () -> ZoneId.of("UTC")));
    }

    private static MemorySettingsStore validSettings() {
        return new MemorySettingsStore().with("clustering.name", "production")
                .with("clustering.redis.addresses", "redis://redis.example.com:6379")
                .with("clustering.redis.password", "never-shown")
                .with("clustering.rabbitmq.addresses", "rabbit1.example.com:5672,rabbit2.example.com:5672");
    }

    @Test
    void screenshotsOfEveryPage() throws Exception {
        install(Locale.ENGLISH, validSettings());
        shoot("clustering-status.jsp", "status", 900);
        shoot("clustering-status.jsp", "status-full", 2300);
        shoot(AdminPagesRenderingTest.openfireNodeLink(SampleCluster.SECOND_ID), "node", 900);
        shoot("clustering-settings.jsp", "settings", 900);
        install(Locale.ENGLISH, validSettings().with("clustering.redis.database", "300").with("clustering.redis.timeout", "forever"));
        shoot("clustering-settings.jsp", "settings-invalid", 1500);
        install(Locale.GERMAN, validSettings());
        shoot("clustering-status.jsp", "status-de", 900);
        shoot(AdminPagesRenderingTest.openfireNodeLink(SampleCluster.LOCAL_ID), "node-de", 900);
    }

    @Test
    void statusPageRefreshesItselfWithoutReloading() throws Exception {
        install(Locale.ENGLISH, validSettings());
        int before = cluster.statusCalls();
        String dom = HeadlessChromium.domAfter(server.url("clustering-status.jsp"), 16_000, DIR.resolve("refresh.log"));
        int firstRender = before + 1;
        assertTrue(cluster.statusCalls() >= firstRender + 2,
                "the page fetched fresh status at least twice; status calls: " + (cluster.statusCalls() - before));
        Matcher shown = Pattern.compile("refresh (\\d+): node").matcher(dom);
        assertTrue(shown.find(), "the event list is in the DOM");
        assertTrue(Integer.parseInt(shown.group(1)) > firstRender,
                "the DOM shows a refreshed status (call " + shown.group(1) + "), not the first render (" + firstRender + ")");
        assertTrue(dom.contains("This page refreshes itself every 5 seconds."), "no refresh error was shown");
    }

    private static void shoot(String page, String name, int height) throws IOException, InterruptedException {
        Path png = DIR.resolve(name + ".png");
        Files.deleteIfExists(png);
        HeadlessChromium.screenshot(server.url(page), png, height, DIR.resolve(name + ".log"));
        assertTrue(Files.size(png) > 10_000, name + ": a real picture, not an empty page");
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            byte[] signature = data.readNBytes(8);
            assertArrayEquals(PNG_SIGNATURE, signature, name + " is a PNG: " + Arrays.toString(signature));
            data.readInt();
            assertEquals("IHDR", new String(data.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(1280, data.readInt(), name + " width");
            assertEquals(height, data.readInt(), name + " height");
        }
    }
}
