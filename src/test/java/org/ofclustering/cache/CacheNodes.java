package org.ofclustering.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.ofclustering.codec.ClassAllowList;
import org.ofclustering.codec.ClassLoaderChain;
import org.ofclustering.codec.ObjectCodec;
import org.ofclustering.codec.SerializationCodec;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Test fixture: engine nodes of one test cluster (its own cluster name, hence its own keys) against
 * real Redis, and removal of every key of that cluster at the end.
 */
public final class CacheNodes implements AutoCloseable {
    public final String clusterName;
    public final KeySpace space;
    private final List<RedisConnector> connectors = new ArrayList<>();
    private final List<ClusteredCaches> nodes = new ArrayList<>();
    private final RedisConnector admin;

    public CacheNodes(String capability, RedisSettings adminSettings) {
        this.clusterName = "it-" + capability + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.space = new KeySpace(clusterName);
        this.admin = RedisConnector.connect(adminSettings, "ofc-test-admin");
    }

    public CacheNodes(String capability) {
        this(capability, local());
    }

    /**
     * The connection of a node process of a randomized check: standalone Redis on loopback with a
     * 2 s command timeout, so that a command caught in a fault fails within the check's time.
     */
    public static RedisConnector checkNodeConnection(int port, String clientName) {
        RedisSettings local = RedisSettings.standalone("127.0.0.1", port);
        return RedisConnector.connect(new RedisSettings(RedisMode.STANDALONE, local.uris(),
                null, null, null, false, true, 0, Duration.ofSeconds(2)), clientName);
    }

    public static RedisSettings local() {
        return RedisSettings.standalone("127.0.0.1", 6379);
    }

    public static ObjectCodec codec() {
        return new SerializationCodec(ClassAllowList.withDefaults(List.of()), ClassLoaderChain.ofDefaults());
    }

    /** A node with its own connection, as a separate Openfire server would have. */
    public ClusteredCaches node(String nodeId, RedisSettings redis, CacheSettings settings) {
        RedisConnector c = RedisConnector.connect(redis, "ofc-test-" + nodeId);
        connectors.add(c);
        ClusteredCaches caches = new ClusteredCaches(c, space, codec(), nodeId, settings);
        nodes.add(caches);
        return caches;
    }

    public ClusteredCaches node(String nodeId, CacheSettings settings) {
        return node(nodeId, local(), settings);
    }

    public ClusteredCaches node(String nodeId) {
        return node(nodeId, CacheSettings.defaults());
    }

    public RedisConnector admin() {
        return admin;
    }

    /** Polls until the condition holds; fails with the message after the timeout. */
    public static void eventually(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        for (ClusteredCaches n : nodes) {
            n.close();
        }
        for (RedisConnector c : connectors) {
            c.close();
        }
        deleteKeys(admin, space);
        admin.close();
    }

    /** Deletes every key of the cluster (all Redis nodes in cluster mode). */
    public static void deleteKeys(RedisConnector redis, KeySpace space) {
        ScanArgs match = ScanArgs.Builder.matches(space.allKeysPattern()).limit(500);
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int round = 0; round < 10_000; round++) {
            KeyScanCursor<byte[]> page = redis.sync().scan(cursor, match);
            for (byte[] key : page.getKeys()) {
                redis.sync().del(key);
            }
            if (page.isFinished()) {
                return;
            }
            cursor = page;
        }
    }
}
