package org.ofclustering.membership;

import org.ofclustering.testsupport.ScratchRedis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Three private {@code redis-server} processes in cluster mode (no replicas) on 72xx ports. */
final class ScratchRedisCluster implements AutoCloseable {
    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    ScratchRedisCluster() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("scratch-redis-cluster");
        int base = 7200 + 3 * ThreadLocalRandom.current().nextInt(33);
        for (int i = 0; i < 3; i++) {
            int port = free(base + i);
            ports.add(port);
            Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
            processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no",
                    "--dir", nodeDir.toString())
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
        }
        for (int port : ports) {
            ScratchRedis.awaitOutput(List.of("redis-cli", "-p", Integer.toString(port), "ping"), "PONG");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        ScratchRedis.run(create);
        for (int port : ports) {
            ScratchRedis.awaitOutput(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"), "cluster_state:ok");
        }
    }

    List<Integer> ports() {
        return ports;
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
