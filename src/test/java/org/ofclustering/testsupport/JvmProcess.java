package org.ofclustering.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A separate JVM running a test main class with the test class path, for tests that need several
 * nodes (Openfire state is static: one node per JVM) or that kill or freeze a node. Its standard
 * output is read line by line; {@link #awaitLine} waits for a line the child prints when it
 * reaches a state. Always {@link #close()} it (kills the process if still running).
 */
public final class JvmProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> history = new ArrayList<>();

    private JvmProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::pump, "jvm-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} with the current class path and a small heap.
     *
     * @param name      label used in thread names and failure messages
     * @param jvmArgs   extra JVM arguments, e.g. {@code -Dkey=value}
     */
    public static JvmProcess start(String name, Class<?> mainClass, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx192m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new JvmProcess(name, p);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (history) {
                    history.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("[jvm-process] output closed: " + e);
        }
    }

    /** Waits for a line matching the predicate; fails with the child's output so far when it does not come. */
    public String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("node " + name + " did not print the expected line within " + timeout
                        + "; alive=" + process.isAlive() + "; output:\n" + output());
            }
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && matcher.test(line)) {
                return line;
            }
        }
    }

    /** Waits for a line starting with the given prefix. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    /**
     * Waits until the child has printed a matching line at any time since it started, including
     * lines an earlier {@link #awaitLine} already passed over: for events whose order relative to
     * the awaited ones is not fixed.
     */
    public String awaitPrinted(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (history) {
                for (String line : history) {
                    if (matcher.test(line)) {
                        return line;
                    }
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("node " + name + " never printed the expected line within " + timeout
                        + "; alive=" + process.isAlive() + "; output:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** Everything the child printed so far. */
    public String output() {
        synchronized (history) {
            return String.join("\n", history);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** {@code kill -STOP}: the process freezes, its sockets stay open. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Writes a line to the child's standard input (a simple command channel). */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume();
            } catch (IOException ignored) {
                // not frozen, or already gone: the forced kill below settles it either way
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
