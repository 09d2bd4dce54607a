package org.ofclustering.e2e;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.TimeoutException;

/**
 * Removes what a test cluster left in the shared Redis and RabbitMQ once its nodes are gone: the
 * keys under the cluster's prefix and the exchanges and node queues named after the cluster.
 */
final class ClusterServiceCleanup {
    private ClusterServiceCleanup() {
    }

    static void run(String clusterName, Collection<String> nodeIds) {
        try {
            deleteRedisKeys(clusterName);
        } catch (RuntimeException e) {
            System.err.println("[e2e] Redis keys of cluster " + clusterName + " not removed: " + e);
        }
        try {
            deleteRabbitTopology(clusterName, nodeIds);
        } catch (IOException | TimeoutException | RuntimeException e) {
            System.err.println("[e2e] RabbitMQ topology of cluster " + clusterName + " not removed: " + e);
        }
    }

    private static void deleteRedisKeys(String clusterName) {
        RedisClient client = RedisClient.create(PluginSettings.REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches("ofc:{" + clusterName + ":*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            for (int round = 0; round < 10_000 && !cursor.isFinished(); round++) {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            }
        } finally {
            client.shutdown();
        }
    }

    private static void deleteRabbitTopology(String clusterName, Collection<String> nodeIds) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        try (Connection connection = factory.newConnection("e2e-cleanup");
             Channel channel = connection.createChannel()) {
            String prefix = "ofc." + clusterName;
            for (String nodeId : nodeIds) {
                channel.queueDelete(prefix + ".node." + nodeId);
            }
            channel.exchangeDelete(prefix + ".node");
            channel.exchangeDelete(prefix + ".all");
        }
    }
}
