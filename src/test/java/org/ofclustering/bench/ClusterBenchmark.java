package org.ofclustering.bench;

import org.jivesoftware.smackx.bytestreams.socks5.Socks5Proxy;
import org.ofclustering.e2e.FileTransfer;
import org.ofclustering.e2e.OpenfireCluster;
import org.ofclustering.e2e.OpenfireDistribution;
import org.ofclustering.e2e.OpenfireNode;
import org.ofclustering.e2e.RoundRobinBalancer;
import org.ofclustering.e2e.XmppClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What users feel of the cluster, measured with real Openfire nodes and a real XMPP client in one
 * run: chat message latency (p50/p99) and throughput, and XEP-0065 file-transfer throughput, first
 * on a single unclustered Openfire (the reference), then on a two-node cluster with sender and
 * receiver on the same node and on different nodes. Printed beside them, measured in the same run:
 * raw loopback TCP copy (the limit for files), raw Redis and AMQP round trips (the limits of a
 * clustered cache read or lock and of a stanza between nodes), and the Redis commands per message
 * in each cluster column (Redis' own counters, so run it while nothing else uses that Redis), and
 * the CPU time per message of each process involved ({@link ProcessCpu}).
 * Targets (issue): across nodes, throughput at least 0.5x and p50 latency at most 1.5x the single node.
 *
 * <p>Run: {@code OPENFIRE_HOME=/path/to/openfire scripts/bench.sh ClusterBenchmark}
 * (needs target/clustering.jar: {@code mvn package} first).
 */
public final class ClusterBenchmark {
    private static final int LATENCY_WARMUP = 200;
    private static final int LATENCY_SAMPLES = 1000;
    private static final int BURST = 5000;
    private static final int FILE_SIZE = 64 * 1024 * 1024;
    private static final Duration PER_MESSAGE = Duration.ofSeconds(5);
    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(30);
    /** Sender/receiver pairs sending at the same time, and what each sends per round. */
    private static final int PAIRS = 8;
    private static final int PER_PAIR = 1000;
    private static final String SETTING_PREFIX = "bench.setting.";

    private ClusterBenchmark() {
    }

    /** Messages one measurement sends: a warm-up burst, latency warm-up and samples, two bursts, two concurrent rounds. */
    private static final int MESSAGES_PER_MEASUREMENT = BURST + LATENCY_WARMUP + LATENCY_SAMPLES + 2 * BURST + 2 * PAIRS * PER_PAIR;

    /**
     * One column of the result table; {@code redisCalls}: Redis commands (by name, scripts' inner
     * calls included) executed while it was measured, null when not counted.
     */
    record Figures(MessageFlowProbe.Latency latency, MessageFlowProbe.Throughput throughput,
                   MessageFlowProbe.Throughput concurrent, Double fileMegabytesPerSecond, Map<String, Long> redisCalls,
                   Map<String, Long> locks, Map<String, Double> cpuMicrosPerMessage) {
        Figures withRedisCalls(Map<String, Long> calls) {
            return new Figures(latency, throughput, concurrent, fileMegabytesPerSecond, calls, locks, cpuMicrosPerMessage);
        }

        Figures withLocks(Map<String, Long> lockCounters) {
            return new Figures(latency, throughput, concurrent, fileMegabytesPerSecond, redisCalls, lockCounters, cpuMicrosPerMessage);
        }
    }

    /** The physical limits measured in the same run. */
    record Limits(double loopbackCopyMegabytesPerSecond, double redisRoundTripMicros, double amqpRoundTripMicros) {
    }

    public static void main(String[] args) throws Exception {
        Optional<OpenfireDistribution> found = OpenfireDistribution.fromEnvironment();
        if (found.isEmpty()) {
            System.err.println("ClusterBenchmark: " + OpenfireDistribution.SKIP_REASON
                    + " (point it at an unpacked Openfire distribution)");
            System.exit(2);
        }
        OpenfireDistribution distribution = found.get();
        Socks5Proxy.setLocalSocks5ProxyEnabled(false); // every file byte goes through the server's proxy

        Limits limits = new Limits(LoopbackCopy.megabytesPerSecond(FILE_SIZE),
                ServiceRoundTrips.redisP50Micros("127.0.0.1", 6379), ServiceRoundTrips.amqpP50Micros("127.0.0.1", 5672));
        // e.g. -Dbench.nearCaches="Routing Users Cache,Routing User Sessions" to measure near caches
        String nearCaches = System.getProperty("bench.nearCaches", "");
        Map<String, String> pluginSettings = new HashMap<>();
        if (!nearCaches.isBlank()) {
            pluginSettings.put("clustering.cache.nearCaches", nearCaches);
        }
        // e.g. -Dbench.setting.clustering.task.compactStanzas=false to measure the Java form of stanza tasks
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(SETTING_PREFIX))
                .forEach(n -> pluginSettings.put(n.substring(SETTING_PREFIX.length()), System.getProperty(n)));
        Figures single;
        try (OpenfireCluster one = OpenfireCluster.start(distribution, null, 1, false)) {
            single = measure("single node", one.node(0), one.node(0), ProcessCpu.of(Map.of("Openfire node 1", one.node(0).pid())));
        }
        Figures same;
        Figures across;
        String clusterState;
        // Clients of the cluster are offered one stream host, a balancer in front of the nodes' proxies:
        // pointed at one node, both legs of a transfer meet there; spread over both, they meet across nodes.
        try (RoundRobinBalancer balancer = new RoundRobinBalancer();
             OpenfireCluster two = OpenfireCluster.start(distribution, OpenfireCluster.pluginJar(), 2, true,
                     withStreamHost(pluginSettings, balancer.port()))) {
            clusterState = formed(two);
            Map<String, Long> nodes = new LinkedHashMap<>();
            nodes.put("Openfire node 1", two.node(0).pid());
            nodes.put("Openfire node 2", two.node(1).pid());
            ProcessCpu cpu = ProcessCpu.of(nodes);
            balancer.setTargets(List.of(two.node(0).ports().bridgeSocks()));
            same = countingLocks(two, () -> countingRedis(() -> measure("cluster, same node", two.node(0), two.node(0), cpu)));
            balancer.setTargets(List.of(two.node(0).ports().bridgeSocks(), two.node(1).ports().bridgeSocks()));
            across = countingLocks(two, () -> countingRedis(() -> measure("cluster, across nodes", two.node(0), two.node(1), cpu)));
        }
        if (!nearCaches.isBlank()) {
            clusterState += "; near caches: " + nearCaches;
        }
        pluginSettings.remove("clustering.cache.nearCaches");
        if (!pluginSettings.isEmpty()) {
            clusterState += "; settings: " + new TreeMap<>(pluginSettings);
        }
        print(distribution, clusterState, limits, single, same, across);
    }

    private static Map<String, String> withStreamHost(Map<String, String> settings, int balancerPort) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("clustering.proxy.streamHosts", "127.0.0.1:" + balancerPort);
        return all;
    }

    private interface Measurement {
        Figures run() throws Exception;
    }

    /** Runs the measurement and attaches the Redis commands executed meanwhile (whole server). */
    private static Figures countingRedis(Measurement m) throws Exception {
        Map<String, Long> before = ServiceRoundTrips.redisCommandCalls("127.0.0.1", 6379);
        Figures f = m.run();
        Map<String, Long> after = ServiceRoundTrips.redisCommandCalls("127.0.0.1", 6379);
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((name, calls) -> {
            long d = calls - before.getOrDefault(name, 0L);
            if (d > 0) {
                delta.put(name, d);
            }
        });
        return f.withRedisCalls(delta);
    }

    /** Runs the measurement and attaches what the nodes' cluster locks did meanwhile (from their status pages). */
    private static Figures countingLocks(OpenfireCluster cluster, Measurement m) throws Exception {
        Map<String, Long> before = LockProfile.read(cluster);
        Figures f = m.run();
        Map<String, Long> after = LockProfile.read(cluster);
        return f.withLocks(before.isEmpty() || after.isEmpty() ? null : LockProfile.minus(after, before));
    }

    private static String formed(OpenfireCluster cluster) {
        try {
            cluster.awaitFormed(Duration.ofSeconds(60));
            return "formed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException | AssertionError e) {
            return "NOT FORMED (no 'joined cluster' events within 60 s): the nodes run unclustered";
        }
    }

    private static Figures measure(String label, OpenfireNode senderNode, OpenfireNode receiverNode, ProcessCpu cpu) throws Exception {
        System.out.println("measuring " + label + " ...");
        Map<String, Double> cpuBefore = cpu.seconds();
        try (XmppClient sender = XmppClient.register(senderNode, XmppClient.uniqueName("sender"), "bench");
             XmppClient receiver = XmppClient.register(receiverNode, XmppClient.uniqueName("receiver"), "bench")) {
            MessageFlowProbe probe = new MessageFlowProbe(sender, receiver);
            // An unmeasured burst first: freshly booted nodes otherwise spend much of the measured
            // time compiling the cluster's code paths (seen as the C2 compiler thread in JFR).
            probe.throughput(BURST, BURST_TIMEOUT);
            MessageFlowProbe.Latency latency = probe.latency(LATENCY_WARMUP, LATENCY_SAMPLES, PER_MESSAGE);
            // The first burst warms up the server's hot path; measure a second one unless nothing arrived.
            MessageFlowProbe.Throughput throughput = probe.throughput(BURST, BURST_TIMEOUT);
            if (throughput.arrived() > 0) {
                throughput = probe.throughput(BURST, BURST_TIMEOUT);
            }
            probe.close();
            MessageFlowProbe.Throughput concurrent = concurrentSenders(senderNode, receiverNode);
            // The messages only: the file transfer below is not part of the CPU figures.
            Map<String, Double> cpuPerMessage = ProcessCpu.microsPerMessage(cpuBefore, cpu.seconds(), MESSAGES_PER_MEASUREMENT);
            Double file = null;
            try {
                FileTransfer.Result result = FileTransfer.send(sender, receiver, FILE_SIZE);
                if (result.receivedBytes() == FILE_SIZE && java.util.Arrays.equals(result.sentDigest(), result.receivedDigest())) {
                    file = result.megabytesPerSecond();
                } else {
                    System.out.println("  file transfer arrived damaged: " + result.receivedBytes() + " bytes");
                }
            } catch (Exception e) {
                System.out.println("  file transfer failed: " + e);
            }
            return new Figures(latency, throughput, concurrent, file, null, null, cpuPerMessage);
        }
    }

    /** {@link #PAIRS} senders at once (one unmeasured round, one measured), each to its own receiver. */
    private static MessageFlowProbe.Throughput concurrentSenders(OpenfireNode senderNode, OpenfireNode receiverNode) throws Exception {
        List<XmppClient> clients = new ArrayList<>();
        List<MessageFlowProbe> probes = new ArrayList<>();
        try {
            for (int i = 0; i < PAIRS; i++) {
                XmppClient s = XmppClient.register(senderNode, XmppClient.uniqueName("sender"), "bench");
                clients.add(s);
                XmppClient r = XmppClient.register(receiverNode, XmppClient.uniqueName("receiver"), "bench");
                clients.add(r);
                probes.add(new MessageFlowProbe(s, r));
            }
            MessageFlowProbe.concurrent(probes, PER_PAIR, BURST_TIMEOUT);
            return MessageFlowProbe.concurrent(probes, PER_PAIR, BURST_TIMEOUT);
        } finally {
            probes.forEach(MessageFlowProbe::close);
            for (XmppClient c : clients) {
                c.close();
            }
        }
    }

    private static void print(OpenfireDistribution distribution, String clusterState, Limits limits,
                              Figures single, Figures same, Figures across) {
        System.out.println();
        System.out.println("ClusterBenchmark: Openfire " + distribution.version() + ", two-node cluster " + clusterState);
        System.out.printf(Locale.ROOT, "%-34s %14s %18s %20s %14s %s%n", "figure", "single node", "cluster same node",
                "cluster across", "across/single", "target");
        row("message latency p50 (us)", p50(single), p50(same), p50(across), "<= 1.5x");
        row("message latency p99 (us)", p99(single), p99(same), p99(across), "");
        row("message throughput (msg/s)", rate(single), rate(same), rate(across), ">= 0.5x");
        row("throughput, " + PAIRS + " senders (msg/s)", rate(single.concurrent()), rate(same.concurrent()),
                rate(across.concurrent()), "");
        row("file transfer 64 MB (MB/s)", single.fileMegabytesPerSecond(), same.fileMegabytesPerSecond(),
                across.fileMegabytesPerSecond(), "");
        System.out.printf(Locale.ROOT, "%-34s %14.1f   (the physical limit for file transfers)%n",
                "raw loopback TCP copy (MB/s)", limits.loopbackCopyMegabytesPerSecond());
        System.out.printf(Locale.ROOT, "%-34s %14.1f   (the limit of each clustered cache read or lock)%n",
                "raw Redis round trip p50 (us)", limits.redisRoundTripMicros());
        System.out.printf(Locale.ROOT, "%-34s %14.1f   (the limit of a stanza between nodes)%n",
                "raw AMQP round trip p50 (us)", limits.amqpRoundTripMicros());
        System.out.printf(Locale.ROOT, "%-34s %14s %18s %20s%n", "Redis commands per message", "-",
                perMessage(same, null), perMessage(across, null));
        for (String command : topCommands(same, across)) {
            System.out.printf(Locale.ROOT, "%-34s %14s %18s %20s%n", "  of them " + command.toUpperCase(Locale.ROOT), "-",
                    perMessage(same, command), perMessage(across, command));
        }
        if (same.locks() != null && across.locks() != null) {
            for (String figure : same.locks().keySet()) {
                System.out.printf(Locale.ROOT, "%-34s %14s %18s %20s%n", "locks per message: " + figure, "-",
                        perMessage(same.locks(), figure), perMessage(across.locks(), figure));
            }
        }
        cpuRows(single, same, across);
        // Every Redis command on the message path is awaited (an upper bound: the count also holds
        // the periodic event polls and heartbeats); a stanza across nodes also one AMQP hop.
        Double floorSame = floor(single, same, limits, false);
        Double floorAcross = floor(single, across, limits, true);
        String floorRatio = floorAcross != null && p50(single) != null ? String.format(Locale.ROOT, "%.2fx", floorAcross / p50(single)) : "n/a";
        System.out.printf(Locale.ROOT, "%-34s %14s %18s %20s %14s %s%n", "latency floor from round trips (us)", "-",
                cell(floorSame), cell(floorAcross), floorRatio, "(single p50 + Redis commands x Redis RTT [+ AMQP RTT])");
        System.out.println("cluster file transfers pass a loopback round-robin balancer (one shared stream host);"
                + " the single node's go straight to its proxy");
        System.out.printf(Locale.ROOT, "burst arrivals: single %s, same node %s, across %s (of %d)%n",
                arrived(single), arrived(same), arrived(across), BURST);
        System.out.printf(Locale.ROOT, "%d senders at once, arrivals: single %s, same node %s, across %s (of %d)%n", PAIRS,
                concurrentArrived(single), concurrentArrived(same), concurrentArrived(across), PAIRS * PER_PAIR);
    }

    /**
     * CPU per message of each process (from {@code /proc}, the messages of the whole measurement,
     * client registration included, the file transfer not). Target (issue): everything a stanza
     * across nodes costs within about twice a single server's CPU per message.
     */
    private static void cpuRows(Figures single, Figures same, Figures across) {
        Set<String> labels = new LinkedHashSet<>();
        for (Figures f : List.of(single, same, across)) {
            labels.addAll(f.cpuMicrosPerMessage().keySet());
        }
        for (String label : labels) {
            row("CPU/msg (us): " + label, single.cpuMicrosPerMessage().get(label), same.cpuMicrosPerMessage().get(label),
                    across.cpuMicrosPerMessage().get(label), "");
        }
        row("CPU/msg (us): all of them", cpuTotal(single), cpuTotal(same), cpuTotal(across), "<= 2x");
    }

    private static Double cpuTotal(Figures f) {
        return f.cpuMicrosPerMessage().isEmpty() ? null : f.cpuMicrosPerMessage().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static void row(String name, Double single, Double same, Double across, String target) {
        String ratio = single != null && across != null && single > 0 ? String.format(Locale.ROOT, "%.2fx", across / single) : "n/a";
        System.out.printf(Locale.ROOT, "%-34s %14s %18s %20s %14s %s%n", name, cell(single), cell(same), cell(across), ratio, target);
    }

    /** Single-node p50 plus the round trips a message cannot avoid in this column, or null. */
    private static Double floor(Figures single, Figures cluster, Limits limits, boolean acrossNodes) {
        if (p50(single) == null || cluster.redisCalls() == null) {
            return null;
        }
        double commandsPerMessage = cluster.redisCalls().values().stream().mapToLong(Long::longValue).sum() / (double) MESSAGES_PER_MEASUREMENT;
        return p50(single) + commandsPerMessage * limits.redisRoundTripMicros() + (acrossNodes ? limits.amqpRoundTripMicros() : 0);
    }

    private static String perMessage(Map<String, Long> counts, String figure) {
        return String.format(Locale.ROOT, "%.2f", counts.getOrDefault(figure, 0L) / (double) MESSAGES_PER_MEASUREMENT);
    }

    /** Redis commands (one command, or all when null) per message sent during the measurement. */
    private static String perMessage(Figures f, String command) {
        if (f.redisCalls() == null) {
            return "n/a";
        }
        long calls = command == null ? f.redisCalls().values().stream().mapToLong(Long::longValue).sum()
                : f.redisCalls().getOrDefault(command, 0L);
        return String.format(Locale.ROOT, "%.1f", calls / (double) MESSAGES_PER_MEASUREMENT);
    }

    /** The commands that make up most of the across-node column (at least one per ten messages). */
    private static List<String> topCommands(Figures same, Figures across) {
        Map<String, Long> calls = across.redisCalls() != null ? across.redisCalls() : same.redisCalls();
        if (calls == null) {
            return List.of();
        }
        return calls.entrySet().stream()
                .filter(e -> e.getValue() * 10 >= MESSAGES_PER_MEASUREMENT)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String cell(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static Double p50(Figures f) {
        return f.latency() == null ? null : (double) f.latency().p50Micros();
    }

    private static Double p99(Figures f) {
        return f.latency() == null ? null : (double) f.latency().p99Micros();
    }

    private static Double rate(Figures f) {
        return rate(f.throughput());
    }

    private static Double rate(MessageFlowProbe.Throughput t) {
        return t == null || t.arrived() == 0 ? null : t.perSecond();
    }

    private static String concurrentArrived(Figures f) {
        return f.concurrent() == null ? "n/a" : Integer.toString(f.concurrent().arrived());
    }

    private static String arrived(Figures f) {
        return Integer.toString(f.throughput().arrived());
    }
}
