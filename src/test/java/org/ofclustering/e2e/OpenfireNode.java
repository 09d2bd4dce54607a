package org.ofclustering.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Openfire server started from an unpacked distribution as a separate process, in its own
 * copy of the distribution (a fresh temporary home), on its own loopback ports, against the
 * cluster's shared database, with {@code clustering.jar} installed. The first node of a cluster
 * runs Openfire's unattended setup ({@code <autosetup>} in openfire.xml), which creates the schema
 * and the admin account; later nodes boot with setup already done.
 *
 * <p>Always {@link #close()} a node: it kills the process (also when frozen) and deletes its home.
 * A JVM shutdown hook kills it too if the test JVM exits first.
 */
public final class OpenfireNode implements AutoCloseable {
    /** Directories of the distribution a node does not need. */
    private static final Set<String> NOT_COPIED = Set.of("logs", "documentation", "embedded-db", "bin", "dist");
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final NodeSpec spec;
    private final Path home;
    private final Thread killOnExit;
    private Process process;
    private int logLinesAtLaunch;
    private boolean setUp;
    private volatile boolean frozen;

    private OpenfireNode(NodeSpec spec, Path home) {
        this.spec = spec;
        this.home = home;
        this.killOnExit = new Thread(this::killQuietly, "kill-openfire-" + spec.name());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Copies the distribution into a new temporary home and writes its openfire.xml.
     *
     * @param runSetup true for the node that performs Openfire's unattended setup (creates the schema)
     */
    public static OpenfireNode prepare(NodeSpec spec, boolean runSetup) throws IOException {
        Path home = Files.createTempDirectory("openfire-" + spec.name() + "-");
        copyDistribution(spec.distribution().home(), home);
        Files.createDirectories(home.resolve("logs"));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        if (spec.pluginJar() != null) {
            // The file name is what Openfire looks the clustering implementation up by.
            Files.copy(spec.pluginJar(), plugins.resolve("clustering.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        OpenfireNode node = new OpenfireNode(spec, home);
        node.setUp = !runSetup;
        node.writeConfiguration(runSetup);
        return node;
    }

    private static void copyDistribution(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                if (relative.getNameCount() == 1 && NOT_COPIED.contains(relative.toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (file.startsWith(from.resolve("lib"))) {
                    try {
                        // Openfire never writes to lib/: a hard link saves copying ~100 MB per node.
                        Files.createLink(target, file);
                        return FileVisitResult.CONTINUE;
                    } catch (IOException | UnsupportedOperationException e) {
                        // different file system or no hard links: fall through to a copy
                    }
                }
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void writeConfiguration(boolean runSetup) throws IOException {
        OpenfireConfigFile xml = new OpenfireConfigFile()
                .set("adminConsole.port", Integer.toString(spec.ports().admin()))
                .set("adminConsole.securePort", Integer.toString(spec.ports().adminTls()))
                .set("locale", "en")
                .set("network.interface", LOOPBACK)
                .set("fqdn", "localhost")
                .set("clustering.enabled", Boolean.toString(spec.clusteringEnabled()))
                .set("clustering.nodeid", spec.nodeId())
                .setAll(spec.nodeProperties());
        OpenfireDistribution.JdbcDriver driver = spec.distribution().jdbcDriver();
        if (!runSetup) {
            // What setup leaves in openfire.xml: the shared database, and setup marked done.
            xml.set("setup", "true")
                    .set("connectionProvider.className", "org.jivesoftware.database.DefaultConnectionProvider")
                    .set("database.defaultProvider.driver", driver.className())
                    .set("database.defaultProvider.serverURL", spec.database().jdbcUrl(driver))
                    .set("database.defaultProvider.username", spec.database().user())
                    .set("database.defaultProvider.password", spec.database().password())
                    .set("database.defaultProvider.minConnections", "2")
                    .set("database.defaultProvider.maxConnections", "20");
        } else {
            xml.set("autosetup.run", "true")
                    .set("autosetup.locale", "en")
                    .set("autosetup.xmpp.domain", spec.domain())
                    .set("autosetup.xmpp.fqdn", "localhost")
                    .set("autosetup.xmpp.auth.anonymous", "false")
                    .set("autosetup.database.mode", "standard")
                    .set("autosetup.database.defaultProvider.driver", driver.className())
                    .set("autosetup.database.defaultProvider.serverURL", spec.database().jdbcUrl(driver))
                    .set("autosetup.database.defaultProvider.username", spec.database().user())
                    .set("autosetup.database.defaultProvider.password", spec.database().password())
                    .set("autosetup.database.defaultProvider.minConnections", "2")
                    .set("autosetup.database.defaultProvider.maxConnections", "20")
                    .set("autosetup.admin.email", "admin@" + spec.domain())
                    .set("autosetup.admin.password", spec.adminPassword())
                    // Setup copies these into the shared database, where Openfire keeps them.
                    .setAll(bootDatabaseProperties());
        }
        xml.writeTo(home.resolve("conf").resolve("openfire.xml"));
    }

    /**
     * Takes over the first node's conf/security.xml, as an administrator does for every further
     * node of a cluster: it holds the salt of the keys that encrypt system properties in the
     * shared database, so without it a node cannot read what another node stored encrypted.
     */
    public void adoptSecuritySettingsOf(OpenfireNode first) throws IOException {
        Path from = first.home.resolve("conf").resolve("security.xml");
        Files.copy(from, home.resolve("conf").resolve("security.xml"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The system properties this node must find in the shared database when it boots. */
    private Map<String, String> bootDatabaseProperties() {
        Map<String, String> m = new LinkedHashMap<>(spec.clusterProperties());
        m.putAll(spec.ports().databaseProperties());
        return m;
    }

    /**
     * Starts the process and waits until it accepts client connections and has loaded its
     * plugins. Nodes of one database boot one at a time: each must read its own ports from the
     * shared database before the next node's ports are written there.
     */
    public void start(Duration timeout) throws IOException, InterruptedException, SQLException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(spec.name() + " is already running");
        }
        synchronized (spec.database()) {
            if (setUp) {
                spec.database().putProperties(bootDatabaseProperties());
            }
            launch();
            awaitStarted(timeout);
            setUp = true;
        }
    }

    private void launch() throws IOException {
        logLinesAtLaunch = logLines().size();
        Path lib = home.resolve("lib");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-server", "-Xmx384m", "-XX:+UseSerialGC",
                // Jetty's work directories go to the node's home, which the suite deletes, not to the shared temp directory
                "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
                "-DopenfireHome=" + home,
                "-Dopenfire.lib.dir=" + lib,
                "-Dlog4j.configurationFile=" + lib.resolve("log4j2.xml"),
                "-Dlog4j2.formatMsgNoLookups=true"));
        Path security = home.resolve("resources").resolve("security").resolve("java.security");
        if (Files.isRegularFile(security)) {
            cmd.add("-Djava.security.properties=" + security);
        }
        cmd.addAll(List.of("-jar", lib.resolve("startup.jar").toString()));
        process = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs").resolve("stdout.log").toFile()))
                .start();
    }

    /**
     * Waits until the node accepts XMPP client connections on its loopback port. Openfire opens its
     * listeners only once its plugin monitor has processed every plugin present at boot, so the
     * plugins have been loaded (or have failed to load) by then. Fails with the end of the node's
     * log when it dies or times out.
     */
    public void awaitStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue()
                        + " while starting\n" + diagnostics());
            }
            if (portOpen(spec.ports().client())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(spec.name() + " did not start within " + timeout + "\n" + diagnostics());
            }
            Thread.sleep(250);
        }
    }

    /** Waits for a line of openfire.log, written since the node was last started, that contains {@code text}. */
    public String awaitLogLine(String text, Duration timeout) throws InterruptedException {
        return awaitLogLine(logLinesAtLaunch, text, timeout);
    }

    /** The number of lines in openfire.log now: a mark for {@link #awaitLogLine(int, String, Duration)}. */
    public int logMark() {
        return logLines().size();
    }

    /** Waits for a line of openfire.log written after {@code mark} that contains {@code text}. */
    public String awaitLogLine(int mark, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> all = logLines();
            for (String line : all.subList(Math.min(mark, all.size()), all.size())) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(spec.name() + " did not log '" + text + "' within " + timeout + "\n" + diagnostics());
            }
            Thread.sleep(250);
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every line of this node's openfire.log, across restarts. */
    public List<String> logLines() {
        return readLines(home.resolve("logs").resolve("openfire.log"));
    }

    /** The lines of openfire.log written since the node was last started. */
    public List<String> logSinceLaunch() {
        List<String> all = logLines();
        return all.subList(Math.min(logLinesAtLaunch, all.size()), all.size());
    }

    /** What the process printed on standard output and error, across restarts. */
    public List<String> outputLines() {
        return readLines(home.resolve("logs").resolve("stdout.log"));
    }

    private static List<String> readLines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\R"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The end of the log and of the console output, for failure messages. */
    public String diagnostics() {
        return "--- " + spec.name() + " openfire.log (last 40 lines) in " + home + "\n" + tail(logLines(), 40)
                + "\n--- " + spec.name() + " console (last 20 lines)\n" + tail(outputLines(), 20);
    }

    private static String tail(List<String> lines, int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** {@code kill -9}: the node dies without leaving the cluster. */
    public void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** {@code kill -STOP}: the node freezes with its sockets open. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    /** {@code kill -CONT}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
        frozen = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /**
     * Stops the node the way an administrator does ("exit" on Openfire's console, which runs its
     * shutdown); kills it when it has not ended within a grace period.
     */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (frozen) {
            kill9(); // a frozen node cannot run its shutdown
            return;
        }
        try {
            OutputStream console = process.getOutputStream();
            console.write("exit\n".getBytes(StandardCharsets.US_ASCII));
            console.flush();
        } catch (IOException e) {
            process.destroy(); // console gone: SIGTERM runs the same shutdown hook
        }
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return spec.name();
    }

    /**
     * The cluster NodeID of this node. Openfire 5.1 takes it from openfire.xml, so it is known before
     * the node starts; Openfire 5.0 draws a new one at every start, which the plugin logs before it
     * joins ("Cluster tasks: node &lt;id&gt; consumes queue ...").
     */
    public String nodeId() {
        List<String> lines = logSinceLaunch();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = LOGGED_NODE_ID.matcher(lines.get(i));
            if (m.find()) {
                return m.group(1);
            }
        }
        return spec.nodeId();
    }

    private static final Pattern LOGGED_NODE_ID = Pattern.compile("Cluster tasks: node (\\S+) consumes queue");

    public NodePorts ports() {
        return spec.ports();
    }

    public String domain() {
        return spec.domain();
    }

    public Path home() {
        return home;
    }

    /** Base URL of this node's admin console. */
    public String adminConsoleUrl() {
        return "http://" + LOOPBACK + ":" + spec.ports().admin() + "/";
    }

    private void killQuietly() {
        if (process != null && process.isAlive()) {
            try {
                resume(); // a frozen process cannot run its exit path, but SIGKILL works either way
            } catch (IOException | InterruptedException e) {
                // the forced kill below does not depend on it
            }
            process.destroyForcibly();
        }
    }

    /** Kills the process if it still runs and deletes the node's home (unless {@code e2e.keepHomes} is set). */
    @Override
    public void close() throws InterruptedException {
        killQuietly();
        if (process != null) {
            process.waitFor(20, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
        if (!Boolean.getBoolean("e2e.keepHomes")) {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[e2e] could not delete " + root + ": " + e.getMessage());
        }
    }
}
