package org.ofclustering.testsupport;


import org.ofclustering.config.RedisAddress;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.config.Secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Sentinel deployment on loopback 72xx ports: a master, one replica and three sentinels
 * (quorum 2) that declare the master down after one second, without persistence, each process in
 * its own temporary directory (a sentinel rewrites its configuration file). The data nodes refuse
 * the default user: clients, the replica and the sentinels authenticate as the ACL user
 * {@link #USER}. The sentinels accept anyone, or, when started with a sentinel password, only
 * clients (and each other) that give it ({@code requirepass} in {@code sentinel.conf}).
 */
public final class ScratchRedisSentinel implements AutoCloseable {
    public static final String MASTER_SET = "ofc-it";
    public static final String USER = "ofc";
    public static final String PASSWORD = "sentinel-it-secret";

    private final Path dir;
    private final String sentinelPassword;
    private final int firstMaster;
    private final int firstReplica;
    private final List<Integer> sentinels = new ArrayList<>();
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    public ScratchRedisSentinel() throws IOException, InterruptedException {
        this(null);
    }

    /** @param sentinelPassword the sentinels' {@code requirepass}, or null for sentinels that accept anyone */
    public ScratchRedisSentinel(String sentinelPassword) throws IOException, InterruptedException {
        this.sentinelPassword = sentinelPassword;
        dir = Files.createTempDirectory("scratch-redis-sentinel");
        try {
            List<Integer> ports = distinctFreePorts(5);
            firstMaster = ports.get(0);
            firstReplica = ports.get(1);
            sentinels.addAll(ports.subList(2, 5));
            startDataNode(firstMaster, List.of());
            startDataNode(firstReplica, List.of("--replicaof", "127.0.0.1", Integer.toString(firstMaster)));
            ScratchRedis.awaitOutput(dataCli(firstReplica, "info", "replication"), "master_link_status:up");
            for (int port : sentinels) {
                startSentinel(port);
            }
            for (int port : sentinels) {
                // Each sentinel must know the replica and the two other sentinels, or it cannot win a failover vote.
                ScratchRedis.awaitOutput(sentinelCli(port, "sentinel", "master", MASTER_SET), "num-slaves\n1\n");
                ScratchRedis.awaitOutput(sentinelCli(port, "sentinel", "master", MASTER_SET), "num-other-sentinels\n2\n");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sentinel-mode settings as an administrator would give them: every sentinel, the master set, the
     * ACL user, and the sentinels' password when they have one.
     */
    public RedisSettings settings(int database, Duration commandTimeout) {
        return new RedisSettings(RedisMode.SENTINEL, sentinels.stream().map(p -> new RedisAddress("127.0.0.1", p)).toList(),
                MASTER_SET, USER, Secret.ofNullable(PASSWORD), false, true, database, commandTimeout,
                Secret.ofNullable(sentinelPassword));
    }

    public List<Integer> sentinelPorts() {
        return List.copyOf(sentinels);
    }

    /** Direct settings for one data node, bypassing the sentinels, e.g. to look at what the nodes wrote. */
    public RedisSettings direct(int port, int database) {
        return new RedisSettings(RedisMode.STANDALONE, List.of(new RedisAddress("127.0.0.1", port)), null, USER,
                Secret.ofNullable(PASSWORD), false, true, database, Duration.ofSeconds(2));
    }

    public int firstMaster() {
        return firstMaster;
    }

    public int firstReplica() {
        return firstReplica;
    }

    /** The master port the first sentinel names now ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}). */
    public int masterPortNamedBySentinel() throws IOException, InterruptedException {
        String[] reply = ScratchRedis.run(sentinelCli(sentinels.get(0), "sentinel", "get-master-addr-by-name", MASTER_SET))
                .trim().split("\n");
        return Integer.parseInt(reply[reply.length - 1].trim());
    }

    /** The {@code ROLE} of a data node: "master" or "slave". */
    public String role(int port) throws IOException, InterruptedException {
        return ScratchRedis.run(dataCli(port, "role")).lines().findFirst().orElse("").trim();
    }

    /** The names of the clients connected to a data node ({@code CLIENT LIST}). */
    public String clientList(int port) throws IOException, InterruptedException {
        return ScratchRedis.run(dataCli(port, "client", "list"));
    }

    /** {@code kill -9} of a data node, as a crashed host would do; its data is gone (no persistence). */
    public void crash(int port) throws InterruptedException {
        Process p = processes.remove(port);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private void startDataNode(int port, List<String> extra) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", nodeDir.toString(),
                // the first full sync starts at once instead of after the default 5 s diskless delay
                "--repl-diskless-sync-delay", "0",
                "--user", "default", "off",
                "--user", USER, "on", ">" + PASSWORD, "~ofc:*", "&*", "+@all",
                "--masteruser", USER, "--masterauth", PASSWORD));
        cmd.addAll(extra);
        processes.put(port, new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
    }

    private void startSentinel(int port) throws IOException {
        Path sentinelDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Path conf = sentinelDir.resolve("sentinel.conf");
        List<String> lines = new ArrayList<>(List.of(
                "port " + port,
                "bind 127.0.0.1",
                "dir " + sentinelDir,
                "sentinel monitor " + MASTER_SET + " 127.0.0.1 " + firstMaster + " 2",
                "sentinel down-after-milliseconds " + MASTER_SET + " 1000",
                "sentinel failover-timeout " + MASTER_SET + " 3000",
                "sentinel auth-user " + MASTER_SET + " " + USER,
                "sentinel auth-pass " + MASTER_SET + " " + PASSWORD));
        if (sentinelPassword != null) {
            // Sentinels also give this password to each other.
            lines.add("requirepass " + sentinelPassword);
        }
        lines.add("");
        Files.writeString(conf, String.join("\n", lines));
        processes.put(port, new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(sentinelDir.resolve("sentinel.log").toFile()).start());
    }

    private static List<String> dataCli(int port, String... command) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port),
                "--user", USER, "--pass", PASSWORD, "--no-auth-warning"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private List<String> sentinelCli(int port, String... command) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        if (sentinelPassword != null) {
            cmd.addAll(List.of("--pass", sentinelPassword, "--no-auth-warning"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static List<Integer> distinctFreePorts(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; attempt < 50 && ports.size() < count; attempt++) {
            int port = ScratchRedis.freePort();
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IOException("found only " + ports.size() + " free ports in 7200-7299");
        }
        return ports;
    }

    @Override
    public void close() throws IOException {
        processes.values().forEach(ScratchRedis::destroy);
        processes.clear();
        ScratchRedis.deleteTree(dir);
    }
}
