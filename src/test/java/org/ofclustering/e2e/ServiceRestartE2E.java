package org.ofclustering.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.testsupport.ScratchRabbit;
import org.ofclustering.testsupport.ScratchRedis;
import org.ofclustering.testsupport.ScratchRedisCluster;
import org.ofclustering.testsupport.ScratchRedisSentinel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Redis and RabbitMQ restart under steady chat traffic between users on the same node and across
 * nodes, as they do in the life of a cluster: Redis without persistence (its data is gone), the
 * broker cleanly and with {@code kill -9}. Two nodes run on a Redis and a RabbitMQ of their own so
 * that the restarts touch nothing else. For each fault: messages sent, delivered, lost,
 * duplicated, reordered, connections the server closed, and the longest delivery delay; lost,
 * duplicated, reordered and closed connections must all be 0. A second scenario runs the nodes on
 * Redis Sentinel (master, replica, three sentinels) and kills the master; a third on a Redis Cluster
 * of three masters with a replica each, and kills a master. System property {@code e2e.faults}
 * (comma-separated: {@code baseline,redis,rabbit-stop,rabbit-kill,sentinel,redis-cluster}, all by
 * default) runs a subset.
 */
class ServiceRestartE2E {
    /** Two same-node pairs and two cross-node pairs, each way: 8 streams. */
    private static final int PAIRS_PER_KIND = 2;
    private static final long PACE_MILLIS = 10;
    private static final long BEFORE_FAULT_MILLIS = 3_000;
    private static final long AFTER_RECOVERY_MILLIS = 5_000;
    private static final long QUIET_MILLIS = 15_000;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void usersNoticeNothingWhenRedisOrRabbitMqRestartsUnderLoad() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        assumeTrue(selected("baseline") || selected("redis") || selected("rabbit-stop")
                || selected("rabbit-kill"), "none of its faults is among the selected ones");
        try (ScratchRedis redis = new ScratchRedis(false); ScratchRabbit rabbit = new ScratchRabbit()) {
            redis.start();
            rabbit.start();
            Map<String, String> ownServices = Map.of(
                    "clustering.redis.addresses", "redis://127.0.0.1:" + redis.port(),
                    "clustering.rabbitmq.addresses", "127.0.0.1:" + rabbit.port());
            try (OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 2, true, ownServices)) {
                cluster.awaitFormed(ClusterExtension.FORMATION_TIMEOUT);
                List<XmppClient> clients = new ArrayList<>();
                try {
                    ChatTraffic traffic = new ChatTraffic(streams(cluster, clients), PACE_MILLIS);
                    List<ChatTraffic.Result> results = new ArrayList<>();
                    if (selected("baseline")) {
                        results.add(phase(traffic, "none (baseline)", () -> { }));
                    }
                    if (selected("redis")) {
                        results.add(phase(traffic, "Redis restart without its data", () -> {
                            redis.crash();
                            Thread.sleep(1_000);
                            redis.start();
                        }));
                    }
                    if (selected("rabbit-stop")) {
                        results.add(phase(traffic, "RabbitMQ clean restart", () -> {
                            rabbit.stop();
                            rabbit.start();
                        }));
                    }
                    if (selected("rabbit-kill")) {
                        results.add(phase(traffic, "RabbitMQ kill -9 and start", () -> {
                            rabbit.crash();
                            rabbit.start();
                        }));
                    }
                    System.out.println("[e2e] service restarts under load, Openfire " + distribution.version() + ", 2 nodes, "
                            + (PAIRS_PER_KIND * 4) + " streams every " + PACE_MILLIS + " ms:\n" + ChatTraffic.Result.header());
                    results.forEach(r -> System.out.println(r.row()));
                    for (ChatTraffic.Result r : results) {
                        assertEquals(0, r.lost() + r.duplicated() + r.reordered() + r.closedConnections(),
                                "users noticed the fault '" + r.phase() + "': " + r);
                    }
                } finally {
                    clients.forEach(XmppClient::close);
                }
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void usersNoticeNothingWhenTheSentinelsPromoteAReplica() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        assumeTrue(selected("sentinel"), "not among the selected faults");
        try (ScratchRedisSentinel redis = new ScratchRedisSentinel()) {
            Map<String, String> sentinelMode = Map.of(
                    "clustering.redis.mode", "sentinel",
                    "clustering.redis.addresses", String.join(",", redis.sentinelPorts().stream().map(p -> "127.0.0.1:" + p).toList()),
                    "clustering.redis.sentinelMaster", ScratchRedisSentinel.MASTER_SET,
                    "clustering.redis.username", ScratchRedisSentinel.USER,
                    "clustering.redis.password", ScratchRedisSentinel.PASSWORD);
            try (OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 2, true, sentinelMode)) {
                cluster.awaitFormed(ClusterExtension.FORMATION_TIMEOUT);
                List<XmppClient> clients = new ArrayList<>();
                try {
                    ChatTraffic traffic = new ChatTraffic(streams(cluster, clients), PACE_MILLIS);
                    ChatTraffic.Result r = phase(traffic, "Redis Sentinel: master killed, replica promoted", () -> {
                        redis.crash(redis.firstMaster());
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (redis.masterPortNamedBySentinel() != redis.firstReplica() && System.nanoTime() < deadline) {
                            Thread.sleep(100);
                        }
                    });
                    System.out.println("[e2e] Sentinel fail-over under load, Openfire " + distribution.version() + ":\n"
                            + ChatTraffic.Result.header() + "\n" + r.row());
                    assertEquals(0, r.lost() + r.duplicated() + r.reordered() + r.closedConnections(),
                            "users noticed the fault '" + r.phase() + "': " + r);
                } finally {
                    clients.forEach(XmppClient::close);
                }
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void usersNoticeNothingWhenARedisClusterMasterIsKilled() throws Exception {
        OpenfireDistribution distribution = E2eEnvironment.distribution();
        assumeTrue(selected("redis-cluster"), "not among the selected faults");
        try (ScratchRedisCluster redis = new ScratchRedisCluster(true)) {
            Map<String, String> clusterMode = Map.of(
                    "clustering.redis.mode", "cluster",
                    "clustering.redis.addresses", String.join(",", redis.ports().stream().map(p -> "127.0.0.1:" + p).toList()));
            try (OpenfireCluster cluster = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 2, true, clusterMode)) {
                cluster.awaitFormed(ClusterExtension.FORMATION_TIMEOUT);
                List<XmppClient> clients = new ArrayList<>();
                try {
                    ChatTraffic traffic = new ChatTraffic(streams(cluster, clients), PACE_MILLIS);
                    // The master of the membership slot: the worst case, as every node's lease renewal stops
                    // for the whole fail-over (longer than the renewal deadline), so every node fences and
                    // rejoins while its users stay connected; other slots' caches stall with it.
                    int membershipMaster = redis.masterOf(new KeySpace(cluster.clusterName()).structure(KeySpace.MEMBERSHIP));
                    ChatTraffic.Result r = phase(traffic, "Redis Cluster: the membership slot's master killed, its replica promoted",
                            () -> redis.crashMasterAndAwaitFailover(membershipMaster, 30_000));
                    System.out.println("[e2e] Redis Cluster fail-over under load, Openfire " + distribution.version() + ":\n"
                            + ChatTraffic.Result.header() + "\n" + r.row());
                    assertEquals(0, r.lost() + r.duplicated() + r.reordered() + r.closedConnections(),
                            "users noticed the fault '" + r.phase() + "': " + r);
                } finally {
                    clients.forEach(XmppClient::close);
                }
            }
        }
    }

    private static boolean selected(String fault) {
        String faults = System.getProperty("e2e.faults", "");
        return faults.isBlank() || List.of(faults.split(",")).contains(fault);
    }

    /** A fault in the middle of a stretch of traffic. */
    private interface Fault {
        void inject() throws Exception;
    }

    private static ChatTraffic.Result phase(ChatTraffic traffic, String name, Fault fault) throws Exception {
        ChatTraffic.Phase phase = traffic.start(name);
        Thread.sleep(BEFORE_FAULT_MILLIS);
        long start = System.nanoTime();
        fault.inject();
        System.out.println("[e2e] fault '" + name + "' injected and the service back after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        Thread.sleep(AFTER_RECOVERY_MILLIS);
        ChatTraffic.Result r = phase.finish(QUIET_MILLIS);
        System.out.println("[e2e] " + r);
        return r;
    }

    /** Users on both nodes: pairs on one node and pairs across the nodes, each pair talking both ways. */
    private static List<ChatTraffic.Stream> streams(OpenfireCluster cluster, List<XmppClient> clients) throws Exception {
        List<ChatTraffic.Stream> streams = new ArrayList<>();
        for (int i = 0; i < PAIRS_PER_KIND; i++) {
            OpenfireNode home = cluster.node(i % 2);
            XmppClient a = XmppClient.register(home, XmppClient.uniqueName("same-a"), "r");
            clients.add(a);
            XmppClient b = XmppClient.register(home, XmppClient.uniqueName("same-b"), "r");
            clients.add(b);
            streams.add(new ChatTraffic.Stream(a, b, "same node"));
            streams.add(new ChatTraffic.Stream(b, a, "same node"));
        }
        for (int i = 0; i < PAIRS_PER_KIND; i++) {
            XmppClient a = XmppClient.register(cluster.node(0), XmppClient.uniqueName("across-a"), "r");
            clients.add(a);
            XmppClient b = XmppClient.register(cluster.node(1), XmppClient.uniqueName("across-b"), "r");
            clients.add(b);
            streams.add(new ChatTraffic.Stream(a, b, "across nodes"));
            streams.add(new ChatTraffic.Stream(b, a, "across nodes"));
        }
        return streams;
    }
}
