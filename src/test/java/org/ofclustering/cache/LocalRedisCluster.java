package org.ofclustering.cache;

import org.ofclustering.config.RedisAddress;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away Redis Cluster of three masters on loopback ports, each {@code redis-server} in its
 * own temporary directory, joined with {@code redis-cli --cluster create}. {@link #close()} stops
 * the processes and deletes the directories.
 */
final class LocalRedisCluster implements AutoCloseable {
    private final List<Integer> ports;
    private final List<Process> servers = new ArrayList<>();
    private final Path dir;

    LocalRedisCluster(List<Integer> ports) throws IOException, InterruptedException {
        this.ports = List.copyOf(ports);
        this.dir = Files.createTempDirectory("ofc-redis-cluster");
        try {
            for (int port : ports) {
                if (listening(port)) {
                    throw new IllegalStateException("port " + port + " is already in use; the Redis Cluster test needs it");
                }
                Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
                servers.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                        "--save", "", "--appendonly", "no", "--dir", nodeDir.toString())
                        .redirectErrorStream(true).redirectOutput(nodeDir.resolve("server.log").toFile()).start());
            }
            for (int port : ports) {
                awaitListening(port);
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
            }
            for (int port : ports) {
                awaitClusterOk(port);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    RedisSettings settings() {
        return new RedisSettings(RedisMode.CLUSTER, ports.stream().map(p -> new RedisAddress("127.0.0.1", p)).toList(),
                null, null, null, false, true, 0, Duration.ofSeconds(5));
    }

    /** Number of keys on each master, in port order ({@code DBSIZE} per node). */
    List<Long> keysPerMaster() throws IOException, InterruptedException {
        List<Long> counts = new ArrayList<>();
        for (int port : ports) {
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "dbsize").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            counts.add(Long.parseLong(out));
        }
        return counts;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200 && !listening(port); i++) {
            Thread.sleep(50);
        }
        if (!listening(port)) {
            throw new IllegalStateException("redis-server on port " + port + " did not start");
        }
    }

    private static void awaitClusterOk(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            if (out.contains("cluster_state:ok")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Redis Cluster on port " + port + " did not reach cluster_state:ok");
    }

    @Override
    public void close() throws InterruptedException, IOException {
        for (Process p : servers) {
            p.destroy();
        }
        for (Process p : servers) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
