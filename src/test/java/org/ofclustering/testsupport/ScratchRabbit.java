package org.ofclustering.testsupport;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node that a test may stop, crash and start again without touching the broker
 * other tests share: the installed {@code rabbitmq-server} in the foreground, under a node name, an
 * AMQP port (56xx), a distribution port (256xx), a database and a log directory of its own, with no
 * plugins (the management plugin would bind the shared node's HTTP port). {@link #start()} after
 * {@link #stop()} or {@link #crash()} brings the same node back on the same port, with its durable
 * queues and persistent messages. {@link #close()} kills it and deletes everything it wrote.
 */
public final class ScratchRabbit implements AutoCloseable {
    /** The Debian/Ubuntu start script itself; the wrapper on the PATH would switch to the rabbitmq user. */
    private static final Path PACKAGED_SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final long START_SECONDS = 60;
    private static final long STOP_SECONDS = 30;

    private final String nodeName = "ofc-scratch-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private final int port;
    private final int distributionPort;
    private final Path dir;
    private Process process;

    public ScratchRabbit() throws IOException {
        this.port = LoopbackPorts.freeIn(5600, 100);
        this.distributionPort = LoopbackPorts.freeIn(25600, 100);
        this.dir = Files.createTempDirectory("scratch-rabbit");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        // own files in place of the system's, which name the shared node and its listener
        Files.writeString(dir.resolve("rabbitmq.conf"), "loopback_users.guest = true\n");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the node and returns once it accepts an AMQP connection (a restart keeps port and data). */
    public void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("node " + nodeName + " is already running");
        }
        String script = Files.isExecutable(PACKAGED_SCRIPT) ? PACKAGED_SCRIPT.toString() : "rabbitmq-server";
        ProcessBuilder builder = new ProcessBuilder(script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("HOME", dir.toString()); // the Erlang cookie of this node lives here
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("db").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        process = builder.start();
        awaitAmqp();
    }

    /**
     * A clean broker shutdown (SIGTERM: the start script stops the node properly, as a service
     * stop does); returns once the node is gone.
     */
    public void stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException("node " + nodeName + " did not stop within " + STOP_SECONDS + " s" + logTail());
        }
        awaitPortClosed();
    }

    /** {@code kill -9} of the Erlang VM: no shutdown at all; persistent messages confirmed before are on disk. */
    public void crash() throws IOException, InterruptedException {
        List<ProcessHandle> vms = process.descendants().filter(ScratchRabbit::isErlangVm).toList();
        if (vms.isEmpty()) {
            throw new IllegalStateException("no Erlang VM found under the start script of node " + nodeName);
        }
        vms.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException("the start script of node " + nodeName + " did not exit after its VM was killed");
        }
        awaitPortClosed();
    }

    private static boolean isErlangVm(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("beam.smp") || c.endsWith("beam")).orElse(false);
    }

    /** A throwaway AMQP connection succeeds: the node has finished booting. */
    private void awaitAmqp() throws IOException, InterruptedException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(1_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("node " + nodeName + " exited during start (exit " + process.exitValue() + ")" + logTail());
            }
            try (Connection probe = factory.newConnection("scratch-rabbit-probe")) {
                return;
            } catch (IOException | TimeoutException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("node " + nodeName + " did not accept AMQP connections on port " + port
                + " within " + START_SECONDS + " s" + logTail());
    }

    private void awaitPortClosed() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                Thread.sleep(100);
            } catch (IOException closed) {
                return;
            }
        }
        throw new IOException("port " + port + " of node " + nodeName + " still accepts connections");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
            return "; last output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the node (the VM and every helper it started) and deletes its database and logs. */
    @Override
    public void close() throws IOException {
        try {
            if (process != null) {
                kill(process);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void kill(Process script) throws IOException {
        List<ProcessHandle> tree = script.descendants().toList(); // before the script dies and they are re-parented
        script.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            script.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle p : tree) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("a process of node " + nodeName + " did not exit", e);
        }
    }
}
