package org.ofclustering.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, run headless once per page (fresh profile each time, no network but the page's). */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    private HeadlessChromium() {
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Saves a PNG of the page as a 1280-pixel-wide browser window of the given height shows it. */
    static void screenshot(String url, Path png, int height, Path log) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280," + height, url), log);
    }

    /** The DOM of the page after its scripts ran for the given virtual time. */
    static String domAfter(String url, int virtualMillis, Path log) throws IOException, InterruptedException {
        run(List.of("--dump-dom", "--virtual-time-budget=" + virtualMillis, url), log);
        return Files.readString(log.resolveSibling(log.getFileName() + ".out"));
    }

    private static void run(List<String> args, Path log) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(log.toFile())
                .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + p.exitValue() + ", see " + log);
            }
        } finally {
            p.destroyForcibly();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
