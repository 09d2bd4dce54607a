package org.ofclustering.bench;

import org.ofclustering.bridge.ActivationResult;
import org.ofclustering.bridge.BridgeSettings;
import org.ofclustering.bridge.Socks5TestClient;
import org.ofclustering.bridge.FileTransferBridge;
import org.ofclustering.bridge.TransferDigest;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.membership.ClusterView;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * File-transfer throughput through the bridge against the physical limit measured in the same run:
 * a raw loopback TCP copy between two sockets. Then a 256 MB transfer with both legs on one node and
 * with the legs on two nodes (two bridges in this JVM, real Redis for the claims), each verified by
 * a CRC32C computed by both ends in every run (the raw copy included, so the ratio compares like
 * with like). Then the heap: bytes allocated by the bridge's threads while moving 256 MB, and the
 * retained heap per transfer with 16 transfers stalled by receivers that do not read.
 *
 * <p>Each mode's CPU time (the whole process: clients and bridges, user and kernel) shows where
 * the time goes: every TCP hop costs a kernel copy on each side, and the two-node path has three
 * hops where the raw copy has one.
 *
 * <p>Run: {@code scripts/bench.sh FileTransferBenchmark [relayBufferBytes]}
 */
public final class FileTransferBenchmark {
    private static final long SIZE = 256L << 20;
    private static final int CHUNK = 64 * 1024;
    private static final int ROUNDS = 3;
    private static final byte[] BLOCK = new byte[4 << 20];

    private FileTransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        new Random(42).nextBytes(BLOCK);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        String cluster = "bench-bridge-" + UUID.randomUUID().toString().substring(0, 8);
        KeySpace keys = new KeySpace(cluster);
        StaticCluster members = new StaticCluster();
        RedisConnector redisA = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "bench-bridge-a");
        RedisConnector redisB = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "bench-bridge-b");
        BridgeSettings defaults = BridgeSettings.defaults();
        int buffer = args.length > 0 ? Integer.parseInt(args[0]) : defaults.bufferSize();
        BridgeSettings settings = defaults.withLimits(buffer, defaults.maxTransfers(), defaults.maxHandshakes())
                .withBind("127.0.0.1", 0, 0)
                .withLinkSecurity(Secret.ofNullable(UUID.randomUUID().toString()), null);
        FileTransferBridge a = new FileTransferBridge(settings, members.view("a"), redisA, keys);
        FileTransferBridge b = new FileTransferBridge(settings, members.view("b"), redisB, keys);
        try {
            a.start();
            b.start();
            members.add("a", a.linkPort());
            members.add("b", b.linkPort());

            System.out.println("File transfer benchmark: payload " + (SIZE >> 20) + " MB, relay buffer "
                    + settings.bufferSize() / 1024 + " KB per direction, CRC32C checked at both ends");
            // Warm-up (JIT) with smaller payloads, not reported.
            raw(pool, 64L << 20);
            proxied(pool, a, a, 64L << 20);
            proxied(pool, a, b, 64L << 20);

            // Rounds alternate the three modes so that load from other processes hits them alike;
            // each figure is the best of its rounds.
            double rawMbps = 0;
            double sameMbps = 0;
            double crossMbps = 0;
            long[] cpu = new long[3];
            long[] relayCpu = new long[3];
            for (int round = 0; round < ROUNDS; round++) {
                long c0 = processCpuNanos();
                rawMbps = Math.max(rawMbps, raw(pool, SIZE));
                long c1 = processCpuNanos();
                Map<Long, Long> r1 = bridgeThreadCpu();
                sameMbps = Math.max(sameMbps, proxied(pool, a, a, SIZE));
                long c2 = processCpuNanos();
                Map<Long, Long> r2 = bridgeThreadCpu();
                crossMbps = Math.max(crossMbps, proxied(pool, a, b, SIZE));
                long c3 = processCpuNanos();
                Map<Long, Long> r3 = bridgeThreadCpu();
                cpu[0] += c1 - c0;
                cpu[1] += c2 - c1;
                cpu[2] += c3 - c2;
                relayCpu[1] += delta(r1, r2);
                relayCpu[2] += delta(r2, r3);
            }
            System.out.printf("raw loopback TCP copy (limit)     %8.1f MB/s                           CPU %5.0f ms per 256 MB%n",
                    rawMbps, cpu[0] / 1e6 / ROUNDS);
            System.out.printf("proxy, both legs on one node      %8.1f MB/s  %.2fx raw (target >= 0.80)  CPU %5.0f ms per 256 MB (%.2fx raw)%n",
                    sameMbps, sameMbps / rawMbps, cpu[1] / 1e6 / ROUNDS, (double) cpu[1] / cpu[0]);
            System.out.printf("proxy, legs on two nodes          %8.1f MB/s  %.2fx raw (target >= 0.60)  CPU %5.0f ms per 256 MB (%.2fx raw)%n",
                    crossMbps, crossMbps / rawMbps, cpu[2] / 1e6 / ROUNDS, (double) cpu[2] / cpu[0]);
            System.out.printf("bridge relay threads alone: %.0f ms CPU per 256 MB on one node, %.0f ms on two nodes%n",
                    relayCpu[1] / 1e6 / ROUNDS, relayCpu[2] / 1e6 / ROUNDS);
            System.out.printf("(best of %d rounds; %d CPU cores; system load average %.1f)%n", ROUNDS,
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            long allocated = allocatedByBridgeThreadsDuring(() -> proxied(pool, a, b, SIZE));
            System.out.printf("heap allocated by bridge threads while moving %d MB across nodes: %d KB%n", SIZE >> 20, allocated / 1024);
            retainedHeapPerStalledTransfer(pool, a, b, 16);
        } finally {
            a.close();
            b.close();
            redisA.close();
            redisB.close();
            pool.shutdownNow();
        }
    }

    /** Raw copy between two loopback sockets; MB/s. */
    private static double raw(ExecutorService pool, long size) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Socket> accepted = pool.submit(server::accept);
            try (Socket sender = new Socket()) {
                sender.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                try (Socket receiver = accepted.get(10, TimeUnit.SECONDS)) {
                    return timedCopy(pool, sender, receiver, size);
                }
            }
        }
    }

    /** A transfer with the target on {@code targetNode} and the initiator on {@code initiatorNode}; MB/s. */
    private static double proxied(ExecutorService pool, FileTransferBridge targetNode, FileTransferBridge initiatorNode,
                                  long size) throws Exception {
        String digest = TransferDigest.of(UUID.randomUUID().toString(), "alice@example.com/a", "bob@example.com/b");
        try (Socket target = socks5(targetNode.socksPort(), digest);
             Socket initiator = socks5(initiatorNode.socksPort(), digest)) {
            ActivationResult result = initiatorNode.activate(digest);
            if (result != ActivationResult.ACTIVATED) {
                throw new IllegalStateException("activation failed: " + result);
            }
            return timedCopy(pool, initiator, target, size);
        }
    }

    private static double timedCopy(ExecutorService pool, Socket sender, Socket receiver, long size) throws Exception {
        Future<long[]> received = pool.submit(() -> receive(receiver.getInputStream()));
        long start = System.nanoTime();
        long sentCrc = send(sender.getOutputStream(), size);
        sender.shutdownOutput();
        long[] r = received.get(120, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        if (r[0] != size || r[1] != sentCrc) {
            throw new IllegalStateException("payload corrupted: " + r[0] + " bytes, crc " + r[1] + " vs " + sentCrc);
        }
        return size / 1048576.0 / (nanos / 1e9);
    }

    private static long send(OutputStream out, long size) throws IOException {
        CRC32C crc = new CRC32C();
        long left = size;
        int offset = 0;
        while (left > 0) {
            int n = (int) Math.min(CHUNK, left);
            out.write(BLOCK, offset, n);
            crc.update(BLOCK, offset, n);
            offset = (offset + n) % BLOCK.length;
            left -= n;
        }
        out.flush();
        return crc.getValue();
    }

    private static long[] receive(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            crc.update(buf, 0, n);
            total += n;
        }
        return new long[]{total, crc.getValue()};
    }

    interface Run {
        void run() throws Exception;
    }

    /** Bytes allocated on the heap by threads named {@code bridge-*} while {@code run} runs. */
    private static long allocatedByBridgeThreadsDuring(Run run) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = new ConcurrentHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("bridge-")) {
                before.put(t.getId(), threads.getThreadAllocatedBytes(t.getId()));
            }
        }
        run.run();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("bridge-")) {
                long now = threads.getThreadAllocatedBytes(t.getId());
                total += now - before.getOrDefault(t.getId(), 0L);
            }
        }
        return total;
    }

    /** Heap retained per cross-node transfer while receivers do not read and senders are blocked. */
    private static void retainedHeapPerStalledTransfer(ExecutorService pool, FileTransferBridge a, FileTransferBridge b,
                                                       int count) throws Exception {
        long baseline = usedHeapAfterGc();
        List<Socket> sockets = new ArrayList<>();
        List<Future<?>> senders = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String digest = TransferDigest.of("stall-" + i + UUID.randomUUID(), "alice@example.com/a", "bob@example.com/b");
                Socket target = socks5(a.socksPort(), digest);
                Socket initiator = socks5(b.socksPort(), digest);
                sockets.add(target);
                sockets.add(initiator);
                b.activate(digest);
                senders.add(pool.submit(() -> {
                    send(initiator.getOutputStream(), 1L << 30);
                    return null;
                }));
            }
            Thread.sleep(2000); // senders fill every buffer and block
            long moved = 0;
            for (var t : a.status().transfers()) {
                moved += t.bytesToFirst();
            }
            long stalled = usedHeapAfterGc();
            System.out.printf("retained heap with %d stalled cross-node transfers (both nodes in this JVM, %d MB accepted from senders): %d KB per transfer (target < 1024 KB)%n",
                    count, moved >> 20, Math.max(0, stalled - baseline) / count / 1024);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            for (Future<?> f : senders) {
                f.cancel(true);
            }
        }
    }

    /** CPU time of each live bridge thread, by thread id. */
    private static Map<Long, Long> bridgeThreadCpu() {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("bridge-")) {
                cpu.put(t.getId(), threads.getThreadCpuTime(t.getId()));
            }
        }
        return cpu;
    }

    private static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Socket socks5(int port, String digest) throws IOException {
        return Socks5TestClient.connect(port, digest);
    }

    /** Membership as a fixed in-memory list: both bench nodes live in this JVM. */
    private static final class StaticCluster {
        private final Map<String, MemberInfo> members = new ConcurrentHashMap<>();

        void add(String id, int linkPort) {
            members.put(id, new MemberInfo(id, "localhost", members.size(), System.currentTimeMillis(), "127.0.0.1", linkPort, "bench"));
        }

        ClusterView view(String local) {
            return new ClusterView() {
                @Override
                public String localNodeId() {
                    return local;
                }

                @Override
                public Collection<MemberInfo> members() {
                    return members.values();
                }

                @Override
                public Optional<MemberInfo> member(String nodeId) {
                    return Optional.ofNullable(members.get(nodeId));
                }

                @Override
                public void addListener(MembershipListener listener) {
                }

                @Override
                public void removeListener(MembershipListener listener) {
                }
            };
        }
    }
}
