package org.ofclustering.testsupport;

import org.ofclustering.config.RedisAddress;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three private {@code redis-server} processes in cluster mode on 72xx ports, optionally each
 * master with one replica (six processes; {@code cluster-node-timeout} 1 s, so a killed master's
 * replica is promoted within a few seconds).
 */
public final class ScratchRedisCluster implements AutoCloseable {
    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Three masters, no replicas. */
    public ScratchRedisCluster() throws IOException, InterruptedException {
        this(false);
    }

    public ScratchRedisCluster(boolean withReplicas) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("scratch-redis-cluster");
        int count = withReplicas ? 6 : 3;
        int base = 7200 + count * ThreadLocalRandom.current().nextInt(90 / count);
        for (int i = 0; i < count; i++) {
            int port = free(base + i);
            ports.add(port);
            Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
            processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
                    "--save", "", "--appendonly", "no", "--dir", nodeDir.toString())
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
        }
        for (int port : ports) {
            ScratchRedis.awaitOutput(List.of("redis-cli", "-p", Integer.toString(port), "ping"), "PONG");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", withReplicas ? "1" : "0", "--cluster-yes"));
        ScratchRedis.run(create);
        for (int port : ports) {
            ScratchRedis.awaitOutput(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"), "cluster_state:ok");
        }
        if (withReplicas) {
            for (int port : ports) {
                if (role(port).equals("slave")) {
                    ScratchRedis.awaitOutput(List.of("redis-cli", "-p", Integer.toString(port), "info", "replication"),
                            "master_link_status:up");
                }
            }
        }
    }

    public List<Integer> ports() {
        return ports;
    }

    /** Settings of a node that connects to this Redis Cluster, without credentials or TLS. */
    public RedisSettings settings(Duration commandTimeout) {
        return new RedisSettings(RedisMode.CLUSTER, ports.stream().map(p -> new RedisAddress("127.0.0.1", p)).toList(),
                null, null, null, false, true, 0, commandTimeout);
    }

    /** The {@code ROLE} of a node: "master" or "slave". */
    public String role(int port) throws IOException, InterruptedException {
        return ScratchRedis.run(List.of("redis-cli", "-p", Integer.toString(port), "role")).lines().findFirst().orElse("").trim();
    }

    /** A port that is a master now. */
    public int aMaster() throws IOException, InterruptedException {
        for (int i = 0; i < ports.size(); i++) {
            if (processes.get(i).isAlive() && role(ports.get(i)).equals("master")) {
                return ports.get(i);
            }
        }
        throw new IllegalStateException("no live master");
    }

    /** The port of the live master that serves {@code key}'s slot now. */
    public int masterOf(String key) throws IOException, InterruptedException {
        int any = aMaster();
        int slot = Integer.parseInt(ScratchRedis.run(List.of("redis-cli", "-p", Integer.toString(any), "cluster", "keyslot", key)).trim());
        for (String line : ScratchRedis.run(List.of("redis-cli", "-p", Integer.toString(any), "cluster", "nodes")).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot + " of " + key);
    }

    /**
     * {@code kill -9} of a master; returns once its replica has been promoted, or after
     * {@code timeoutMillis}.
     */
    public void crashMasterAndAwaitFailover(int port, long timeoutMillis) throws IOException, InterruptedException {
        List<Integer> replicas = new ArrayList<>();
        for (int other : ports) {
            String info = ScratchRedis.run(List.of("redis-cli", "-p", Integer.toString(other), "info", "replication"));
            if (info.contains("master_port:" + port + "\r") || info.contains("master_port:" + port + "\n")) {
                replicas.add(other);
            }
        }
        int i = ports.indexOf(port);
        Process p = processes.get(i);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            for (int replica : replicas) {
                if (role(replica).equals("master")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    private static int free(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return port;
        }
    }

    @Override
    public void close() throws IOException {
        processes.forEach(ScratchRedis::destroy);
        ScratchRedis.deleteTree(dir);
    }
}
