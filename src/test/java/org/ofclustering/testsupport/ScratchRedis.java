package org.ofclustering.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} on a loopback port in the 72xx range that a test may crash and
 * restart without touching the Redis other tests share: without persistence (a crash loses every
 * key), or with an append-only file synced on every write (a restart keeps every acknowledged key).
 */
public final class ScratchRedis implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean persistent;
    private Process process;

    public ScratchRedis() throws IOException {
        this(false);
    }

    public ScratchRedis(boolean persistent) throws IOException {
        this.port = freePort();
        this.dir = Files.createTempDirectory("scratch-redis");
        this.persistent = persistent;
    }

    public int port() {
        return port;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within 10 s");
    }

    /** {@code kill -9}: without persistence every key is lost, with it nothing acknowledged is. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** A loopback port in 7200-7299 that nothing listens on right now. */
    public static int freePort() throws IOException {
        return LoopbackPorts.freeIn(7200, 100);
    }

    /** Runs a command (e.g. {@code redis-cli}) to its end and returns what it printed. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish");
        }
        return out;
    }

    /** Runs the command every 100 ms until its output contains the text, for at most 20 s. */
    public static void awaitOutput(List<String> cmd, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = run(cmd);
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(String.join(" ", cmd) + " never answered " + expected + "; last: " + last);
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            destroy(process);
        }
        deleteTree(dir);
    }

    /** {@code kill -9} and wait for the process to be gone. */
    public static void destroy(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
