package org.ofclustering.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.ofclustering.config.RedisAddress;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's link to Redis. Hides the difference between standalone, Sentinel and Redis Cluster
 * behind Lettuce's common command interfaces ({@link RedisClusterCommands} and
 * {@link RedisClusterAsyncCommands} are implemented by both the standalone and the cluster API),
 * with byte-array keys and values.
 *
 * <p>One shared, thread-safe connection serves ordinary commands (Lettuce pipelines concurrent
 * callers on it). Pub/Sub needs connections of its own, obtained from {@link #newPubSub()};
 * {@link #close()} closes those too and releases the client's event loops.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisSettings settings;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final StatefulConnection<byte[], byte[]> connection;
    private final List<StatefulRedisPubSubConnection<byte[], byte[]>> pubSubs = new CopyOnWriteArrayList<>();

    private final String clientName;

    private RedisConnector(RedisSettings settings, String clientName, RedisClient client,
                           RedisClusterClient clusterClient, StatefulConnection<byte[], byte[]> connection) {
        this.settings = settings;
        this.clientName = clientName;
        this.client = client;
        this.clusterClient = clusterClient;
        this.connection = connection;
    }

    /**
     * Connects to Redis as the settings describe and checks the connection with one command.
     *
     * @param clientName name shown by {@code CLIENT LIST}, e.g. {@code ofc-<cluster>-<node>}
     * @throws io.lettuce.core.RedisException when Redis cannot be reached or refuses the credentials; when
     *         sentinels refuse for want of their password, the message names them and the setting to correct
     */
    public static RedisConnector connect(RedisSettings settings, String clientName) {
        // Each client owns its event loops and releases them in shutdown(); a shared ClientResources
        // would have to be shut down through a Netty type, which the plugin's classes must not name.
        List<RedisURI> uris = uris(settings, clientName);
        if (settings.mode() == RedisMode.CLUSTER) {
            RedisClusterClient cluster = RedisClusterClient.create(uris);
            try {
                // A master that dies: its replica is promoted within the cluster's node timeout. Learn the
                // new topology after the first failed reconnect (not after five, and at most once a
                // second rather than twice a minute). Nodes flagged as failed are left out of the
                // topology: the dead master stays listed by the others, so its connection would
                // otherwise never be closed as stale, and commands queued on it would wait out the
                // whole command timeout although the replica was promoted long before. Closing it
                // fails those commands, and ConnectionLossRetry sends them to the promoted replica.
                cluster.setOptions(ClusterClientOptions.builder()
                        .socketOptions(socketOptions(settings))
                        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                        .nodeFilter(node -> !(node.is(RedisClusterNode.NodeFlag.FAIL)
                                || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                                || node.is(RedisClusterNode.NodeFlag.NOADDR)))
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                                .refreshTriggersReconnectAttempts(1)
                                .enablePeriodicRefresh(Duration.ofSeconds(10))
                                .build())
                        .build());
                StatefulRedisClusterConnection<byte[], byte[]> c = cluster.connect(ByteArrayCodec.INSTANCE);
                c.sync().ping();
                return new RedisConnector(settings, clientName, null, cluster, c);
            } catch (RuntimeException e) {
                cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                throw e;
            }
        }
        try {
            return connectSingle(settings, clientName, uris);
        } catch (RuntimeException e) {
            if (!SentinelAuthFailure.unexplained(settings, e)) {
                throw SentinelAuthFailure.explain(settings, e);
            }
            // Lettuce sometimes loses the sentinels' refusal in a handshake race of its own and reports
            // only that it could not connect: one more attempt tells a refused password apart from
            // sentinels that are unreachable.
            try {
                return connectSingle(settings, clientName, uris);
            } catch (RuntimeException again) {
                throw SentinelAuthFailure.explain(settings, again);
            }
        }
    }

    private static RedisConnector connectSingle(RedisSettings settings, String clientName, List<RedisURI> uris) {
        RedisClient single = RedisClient.create();
        try {
            single.setOptions(ClientOptions.builder()
                    .socketOptions(socketOptions(settings))
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .build());
            StatefulRedisConnection<byte[], byte[]> c = single.connect(ByteArrayCodec.INSTANCE, uris.get(0));
            c.sync().ping();
            return new RedisConnector(settings, clientName, single, null, c);
        } catch (RuntimeException e) {
            single.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    private static SocketOptions socketOptions(RedisSettings settings) {
        return SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).tcpNoDelay(true).build();
    }

    /** The URIs Lettuce needs: one per node for cluster, one with all sentinels for Sentinel, one otherwise. */
    static List<RedisURI> uris(RedisSettings s, String clientName) {
        List<RedisURI> result = new ArrayList<>();
        if (s.mode() == RedisMode.SENTINEL) {
            // The sentinels have a password of their own (requirepass), not the data servers' ACL user.
            // Lettuce copies the characters; null asks the sentinels without a password.
            CharSequence sentinelPassword = s.sentinelPassword() == null ? null : CharBuffer.wrap(s.sentinelPassword().chars());
            RedisAddress first = s.uris().get(0);
            RedisURI.Builder b = RedisURI.Builder.sentinel(first.host(), first.port(), s.sentinelMaster(), sentinelPassword);
            for (RedisAddress a : s.uris().subList(1, s.uris().size())) {
                b.withSentinel(a.host(), a.port(), sentinelPassword);
            }
            b.withDatabase(s.database()); // selected on the master the sentinels name, after every failover too
            result.add(common(b, s, clientName).build());
            return result;
        }
        for (RedisAddress a : s.uris()) {
            RedisURI.Builder b = RedisURI.Builder.redis(a.host(), a.port());
            if (s.mode() == RedisMode.STANDALONE) {
                b.withDatabase(s.database());
            }
            result.add(common(b, s, clientName).build());
            if (s.mode() == RedisMode.STANDALONE) {
                break;
            }
        }
        return result;
    }

    private static RedisURI.Builder common(RedisURI.Builder b, RedisSettings s, String clientName) {
        b.withTimeout(s.commandTimeout()).withClientName(clientName);
        if (s.tls()) {
            b.withSsl(true).withVerifyPeer(s.verifyPeer());
        }
        if (s.password() != null) {
            if (s.username() != null && !s.username().isEmpty()) {
                b.withAuthentication(s.username(), s.password().chars());
            } else {
                b.withPassword(s.password().chars());
            }
        }
        return b;
    }

    public RedisSettings settings() {
        return settings;
    }

    public boolean isCluster() {
        return clusterClient != null;
    }

    /** Synchronous commands on the shared connection. */
    public RedisClusterCommands<byte[], byte[]> sync() {
        return syncOf(connection);
    }

    /** Synchronous commands on a connection of this connector, the shared one or one from {@link #newConnection}. */
    @SuppressWarnings("unchecked")
    public static RedisClusterCommands<byte[], byte[]> syncOf(StatefulConnection<byte[], byte[]> c) {
        return c instanceof StatefulRedisClusterConnection<?, ?> cluster
                ? ((StatefulRedisClusterConnection<byte[], byte[]>) cluster).sync()
                : ((StatefulRedisConnection<byte[], byte[]>) c).sync();
    }

    /**
     * A data connection of its own, for slow occasional work (the status page's key survey) that
     * must not queue in front of the shared connection's traffic. The caller closes it; the
     * client closes it at the latest in {@link #close()}.
     *
     * @param clientName name shown by {@code CLIENT LIST}, so that an administrator can tell it apart
     */
    public StatefulConnection<byte[], byte[]> newConnection(String clientName) {
        if (isCluster()) {
            StatefulRedisClusterConnection<byte[], byte[]> c = clusterClient.connect(ByteArrayCodec.INSTANCE);
            try {
                // The cluster client names its node connections after its first URI, the shared connection's name.
                c.sync().clientSetname(clientName.getBytes(StandardCharsets.UTF_8));
                return c;
            } catch (RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
        }
        return client.connect(ByteArrayCodec.INSTANCE, uris(settings, clientName).get(0));
    }

    /** Asynchronous commands on the shared connection (pipelined with every other caller). */
    @SuppressWarnings("unchecked")
    public RedisClusterAsyncCommands<byte[], byte[]> async() {
        return isCluster()
                ? ((StatefulRedisClusterConnection<byte[], byte[]>) connection).async()
                : ((StatefulRedisConnection<byte[], byte[]>) connection).async();
    }

    /** The shared connection itself, e.g. to add listeners or check {@code isOpen()}. */
    public StatefulConnection<byte[], byte[]> connection() {
        return connection;
    }

    /**
     * A new Pub/Sub connection (a cluster Pub/Sub connection in cluster mode), closed with this
     * connector; {@code CLIENT LIST} shows it as the connector's client name plus {@code -pubsub}.
     */
    public StatefulRedisPubSubConnection<byte[], byte[]> newPubSub() {
        StatefulRedisPubSubConnection<byte[], byte[]> c = isCluster()
                ? clusterClient.connectPubSub(ByteArrayCodec.INSTANCE)
                : client.connectPubSub(ByteArrayCodec.INSTANCE, uris(settings, clientName + "-pubsub").get(0));
        pubSubs.add(c);
        return c;
    }

    /** The underlying standalone client, or null in cluster mode. */
    public RedisClient client() {
        return client;
    }

    /** The underlying cluster client, or null outside cluster mode. */
    public RedisClusterClient clusterClient() {
        return clusterClient;
    }

    /**
     * Runs {@code action} (on a client thread: it must not block) each time one of this node's Redis
     * connections is up again after a loss, e.g. to check at once what Redis still holds.
     */
    public void onReconnect(Runnable action) {
        AbstractRedisClient c = client != null ? client : clusterClient;
        c.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
                try {
                    action.run();
                } catch (RuntimeException failed) {
                    Log.debug("Reaction to a Redis reconnect failed: {}", failed.toString());
                }
            }
        });
    }

    /**
     * Runs {@code action} (on a client thread, at once: it must not block) each time one of this
     * node's Redis connections is lost, before the client reconnects it. A connection closed on
     * purpose (by this node) is not a loss.
     */
    public void onDisconnect(Runnable action) {
        AbstractRedisClient c = client != null ? client : clusterClient;
        c.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection.isClosed()) {
                    return;
                }
                try {
                    action.run();
                } catch (RuntimeException failed) {
                    Log.warn("Reaction to a lost Redis connection failed: {}", failed.toString());
                }
            }
        });
    }

    @Override
    public void close() {
        for (StatefulRedisPubSubConnection<byte[], byte[]> c : pubSubs) {
            closeQuietly(c);
        }
        pubSubs.clear();
        closeQuietly(connection);
        if (clusterClient != null) {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void closeQuietly(StatefulConnection<?, ?> c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            Log.warn("Closing a Redis connection failed: {}", e.toString());
        }
    }
}
