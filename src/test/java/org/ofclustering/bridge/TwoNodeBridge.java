package org.ofclustering.bridge;

import org.ofclustering.testsupport.InMemoryCluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Test fixture: two bridge nodes ("a" and "b") in one JVM, each with its own Redis connection and
 * ports, sharing an {@link InMemoryCluster} and a cluster name of their own. {@link #close()} stops
 * both and deletes the cluster's Redis keys.
 */
final class TwoNodeBridge implements AutoCloseable {
    static final Secret SECRET = Secret.ofNullable("it-link-secret-" + UUID.randomUUID());

    final String clusterName = "it-bridge-" + UUID.randomUUID().toString().substring(0, 8);
    final KeySpace keys = new KeySpace(clusterName);
    final InMemoryCluster cluster = new InMemoryCluster();
    final RedisConnector redisA;
    final RedisConnector redisB;
    final FileTransferBridge a;
    final FileTransferBridge b;

    TwoNodeBridge() throws IOException {
        this(UnaryOperator.identity());
    }

    TwoNodeBridge(UnaryOperator<BridgeSettings> tweak) throws IOException {
        this(tweak, "a", "b");
    }

    /** Nodes with the given ids (their threads are named {@code bridge-<id>-...}). */
    TwoNodeBridge(UnaryOperator<BridgeSettings> tweak, String idA, String idB) throws IOException {
        BridgeSettings settings = tweak.apply(baseSettings());
        redisA = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "it-bridge-a");
        redisB = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "it-bridge-b");
        a = new FileTransferBridge(settings, cluster.view(idA), redisA, keys);
        b = new FileTransferBridge(settings, cluster.view(idB), redisB, keys);
        a.start();
        b.start();
        cluster.add(idA, "127.0.0.1", a.linkPort());
        cluster.add(idB, "127.0.0.1", b.linkPort());
    }

    static BridgeSettings baseSettings() {
        return BridgeSettings.defaults()
                .withBind("127.0.0.1", 0, 0)
                .withAdvertisedHosts(List.of("127.0.0.1"))
                .withLinkSecurity(SECRET, null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    /** Keys of this test cluster still in Redis. */
    List<String> redisKeys() {
        List<String> found = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int i = 0; i < 10_000 && !cursor.isFinished(); i++) {
            KeyScanCursor<byte[]> page = redisA.sync().scan(cursor, ScanArgs.Builder.matches(keys.allKeysPattern()).limit(500));
            for (byte[] k : page.getKeys()) {
                found.add(new String(k, java.nio.charset.StandardCharsets.UTF_8));
            }
            cursor = page;
        }
        return found;
    }

    /** Waits until both nodes hold no transfer and no claim of this cluster is left in Redis. */
    void awaitIdle() throws InterruptedException {
        await("both nodes idle and no claim left", () -> a.status().transfers().isEmpty()
                && b.status().transfers().isEmpty() && redisKeys().isEmpty());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        try {
            a.close();
            b.close();
            for (String k : redisKeys()) {
                redisA.sync().del(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            redisA.close();
            redisB.close();
        }
    }
}
