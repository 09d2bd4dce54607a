package org.ofclustering.config;

import java.time.Duration;
import java.util.List;

import static org.ofclustering.config.Setting.cluster;
import static org.ofclustering.config.Setting.node;
import static org.ofclustering.config.Setting.secret;

/**
 * Every configuration property of the plugin. readme.html documents each of them; a test checks
 * that it does.
 */
public final class ClusteringProperties {
    private ClusteringProperties() {
    }

    // --- cluster identity -------------------------------------------------------------------
    public static final Setting<String> CLUSTER_NAME = cluster("clustering.name",
            SettingTypes.text("[A-Za-z0-9_.-]{1,64}", "1 to 64 letters, digits, '.', '_' or '-'"), "openfire",
            "Name of the cluster; prefixes every Redis key, RabbitMQ exchange and queue, so several clusters can share one Redis and one RabbitMQ.");

    // --- Redis ------------------------------------------------------------------------------
    public static final Setting<RedisMode> REDIS_MODE = cluster("clustering.redis.mode",
            SettingTypes.oneOf(RedisMode.class), "standalone",
            "How Redis is deployed: standalone (one server), sentinel (addresses are sentinels) or cluster (addresses are seed nodes of a Redis Cluster).");
    public static final Setting<List<RedisAddress>> REDIS_ADDRESSES = cluster("clustering.redis.addresses",
            SettingTypes.redisAddresses(), "redis://127.0.0.1:6379",
            "Comma-separated Redis addresses (redis://host:port, rediss://host:port for TLS, or host:port).");
    public static final Setting<String> REDIS_SENTINEL_MASTER = cluster("clustering.redis.sentinelMaster",
            SettingTypes.text("[A-Za-z0-9_.-]{1,128}", "a sentinel master set name"), "mymaster",
            "Master set name, used in sentinel mode only.");
    public static final Setting<String> REDIS_USERNAME = cluster("clustering.redis.username",
            SettingTypes.text("[^\\s]{1,128}", "a user name without spaces"), null,
            "Redis ACL user; unset means Redis' default user.");
    public static final Setting<String> REDIS_PASSWORD = secret("clustering.redis.password",
            "Password of the Redis user; stored encrypted.");
    public static final Setting<Boolean> REDIS_TLS = cluster("clustering.redis.tls", SettingTypes.bool(), "false",
            "Connect to Redis with TLS (also implied by rediss:// addresses).");
    public static final Setting<Boolean> REDIS_TLS_VERIFY_PEER = cluster("clustering.redis.tls.verifyPeer", SettingTypes.bool(), "true",
            "Verify the Redis server certificate and host name when TLS is on.");
    public static final Setting<Integer> REDIS_DATABASE = cluster("clustering.redis.database", SettingTypes.integer(0, 255), "0",
            "Redis database index (standalone and sentinel mode).");
    public static final Setting<Duration> REDIS_TIMEOUT = cluster("clustering.redis.timeout",
            SettingTypes.duration(Duration.ofMillis(100), Duration.ofMinutes(1)), "5s",
            "How long a Redis command or connection attempt may take before it fails.");

    // --- RabbitMQ ---------------------------------------------------------------------------
    public static final Setting<List<BrokerAddress>> RABBITMQ_ADDRESSES = cluster("clustering.rabbitmq.addresses",
            SettingTypes.brokerAddresses(), "127.0.0.1:5672",
            "Comma-separated RabbitMQ brokers of one RabbitMQ cluster (host:port, amqp://host:port, amqps://host:port for TLS); tried in order.");
    public static final Setting<String> RABBITMQ_VHOST = cluster("clustering.rabbitmq.vhost",
            SettingTypes.text("[^\\s]{1,255}", "a virtual host name without spaces"), "/",
            "RabbitMQ virtual host for the cluster's exchanges and queues.");
    public static final Setting<String> RABBITMQ_USERNAME = cluster("clustering.rabbitmq.username",
            SettingTypes.text("[^\\s]{1,128}", "a user name without spaces"), "guest",
            "RabbitMQ user.");
    public static final Setting<String> RABBITMQ_PASSWORD = secret("clustering.rabbitmq.password",
            "Password of the RabbitMQ user; stored encrypted. Unset means 'guest' (RabbitMQ's default, loopback only).");
    public static final Setting<Boolean> RABBITMQ_TLS = cluster("clustering.rabbitmq.tls", SettingTypes.bool(), "false",
            "Connect to RabbitMQ with TLS (also implied by amqps:// addresses).");
    public static final Setting<Boolean> RABBITMQ_TLS_VERIFY_PEER = cluster("clustering.rabbitmq.tls.verifyPeer", SettingTypes.bool(), "true",
            "Verify the broker certificate and host name when TLS is on.");
    public static final Setting<Duration> RABBITMQ_CONNECT_TIMEOUT = cluster("clustering.rabbitmq.connectTimeout",
            SettingTypes.duration(Duration.ofMillis(100), Duration.ofMinutes(1)), "5s",
            "TCP and AMQP handshake timeout for each broker.");

    // --- codec ------------------------------------------------------------------------------
    public static final Setting<List<String>> CODEC_ALLOWED_PACKAGES = cluster("clustering.codec.allowedPackages",
            SettingTypes.packagePrefixes(), "",
            "Extra package prefixes (ending in '.') or class names whose objects may be deserialized from caches and tasks, for plugins that cluster their own classes. Openfire, Tinder, dom4j, java.* and this plugin are always allowed.");

    // --- this node (openfire.xml) ------------------------------------------------------------
    public static final Setting<String> NODE_HOST = node("clustering.node.host", SettingTypes.host(), null,
            "Host name this node advertises to the other nodes and shows on the admin pages; unset means Openfire's own host name.");

    /** Every property, in documentation order. */
    public static List<Setting<?>> all() {
        return List.of(CLUSTER_NAME,
                REDIS_MODE, REDIS_ADDRESSES, REDIS_SENTINEL_MASTER, REDIS_USERNAME, REDIS_PASSWORD, REDIS_TLS,
                REDIS_TLS_VERIFY_PEER, REDIS_DATABASE, REDIS_TIMEOUT,
                RABBITMQ_ADDRESSES, RABBITMQ_VHOST, RABBITMQ_USERNAME, RABBITMQ_PASSWORD, RABBITMQ_TLS,
                RABBITMQ_TLS_VERIFY_PEER, RABBITMQ_CONNECT_TIMEOUT,
                CODEC_ALLOWED_PACKAGES,
                NODE_HOST);
    }
}
