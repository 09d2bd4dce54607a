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
    public static final Setting<String> REDIS_SENTINEL_PASSWORD = secret("clustering.redis.sentinelPassword",
            "Password the sentinels require (requirepass in sentinel.conf), used in sentinel mode only; stored encrypted. Unset: the sentinels are asked without a password.");
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

    // --- membership ---------------------------------------------------------------------------
    public static final Setting<Duration> MEMBERSHIP_HEARTBEAT = cluster("clustering.membership.heartbeat",
            SettingTypes.duration(Duration.ofMillis(100), Duration.ofSeconds(30)), "500ms",
            "How often each node renews its lease in Redis and reads the other members.");
    public static final Setting<Duration> MEMBERSHIP_LEASE = cluster("clustering.membership.lease",
            SettingTypes.duration(Duration.ofMillis(500), Duration.ofMinutes(5)), "2500ms",
            "How long a node stays a member without renewing its lease: a frozen node (or one cut off from Redis) is declared dead after at most this long, and a node that cannot renew fences itself one heartbeat before that. The heartbeat of the broker follows it (half of it, at least 1 s), so that the queue of a frozen node is taken over right after its departure.");
    public static final Setting<Duration> MEMBERSHIP_CONNECTION_WATCH = cluster("clustering.membership.connectionWatch",
            SettingTypes.duration(Duration.ZERO, Duration.ofSeconds(10)), "100ms",
            "How often each node looks for members whose Redis connection was closed (a killed or crashed process) and ends their lease at once; 0 switches this off, leaving lease expiry alone. Always off in Redis Cluster mode.");

    // --- caches and locks -------------------------------------------------------------------
    public static final Setting<List<String>> NEAR_CACHES = cluster("clustering.cache.nearCaches",
            SettingTypes.names(), "Client Session Info Cache",
            "Comma-separated names of read-mostly caches that each node also keeps in memory, invalidated by the cluster's entry events. The default serves the session details core reads for every stanza to a user on another node; set it to none to keep no near cache.");
    public static final Setting<Duration> CACHE_EVENT_RETENTION = cluster("clustering.cache.eventRetention",
            SettingTypes.duration(Duration.ofSeconds(5), Duration.ofHours(1)), "60s",
            "How long cache entry events stay readable in Redis, so a node that lost its connection briefly catches up instead of resynchronising.");

    // --- cluster tasks --------------------------------------------------------------------------
    public static final Setting<Duration> TASK_TIMEOUT = cluster("clustering.task.timeout",
            SettingTypes.duration(Duration.ofMillis(100), Duration.ofMinutes(5)), "15s",
            "Deadline of a synchronous cluster task; a node that does not answer in time is reported and left out of the result.");
    public static final Setting<Boolean> TASK_COMPACT_STANZAS = cluster("clustering.task.compactStanzas", SettingTypes.bool(), "true",
            "Send the cluster tasks that carry a stanza as the stanza's XML with a small header (a tenth to a half of the bytes of Java serialization, and a fraction of its CPU). Every node reads both forms; set it to false on every node while nodes of an earlier build of the plugin, which read only the Java form, are in the same cluster.");
    public static final Setting<Boolean> TASK_PERSISTENT = cluster("clustering.task.persistent", SettingTypes.bool(), "true",
            "Send one-way cluster tasks (stanzas and events for other nodes) as persistent messages, so that the tasks waiting in a node queue survive a restart of the broker. false costs the broker about a third less CPU per task on classic queues, and loses the tasks that wait in a queue when the broker restarts (those being sent are still held and sent again). Quorum queues keep every task on disk either way.");
    public static final Setting<MessagingQueueType> RABBITMQ_QUEUE_TYPE = cluster("clustering.rabbitmq.queueType",
            SettingTypes.oneOf(MessagingQueueType.class), "classic",
            "Type of the node queues: classic (fastest) or quorum (replicated across a RabbitMQ cluster).");

    // --- file transfers -------------------------------------------------------------------------
    public static final Setting<List<String>> PROXY_STREAM_HOSTS = cluster("clustering.proxy.streamHosts",
            SettingTypes.hostPorts(), "",
            "Stream hosts offered to clients for file transfers, as host:port: one load-balanced name in front of all nodes, or one entry per node. Unset: each node offers its own clustering.proxy.advertisedHost.");
    public static final Setting<String> BRIDGE_SECRET = secret("clustering.bridge.secret",
            "Shared secret that node-to-node file-transfer links prove themselves with (HMAC); stored encrypted. Unset: the first node generates one.");
    public static final Setting<Duration> PROXY_PAIR_TIMEOUT = cluster("clustering.proxy.pairTimeout",
            SettingTypes.duration(Duration.ofSeconds(1), Duration.ofMinutes(30)), "60s",
            "How long a file-transfer connection waits for its other end before it is closed.");
    public static final Setting<Duration> PROXY_IDLE_TIMEOUT = cluster("clustering.proxy.idleTimeout",
            SettingTypes.duration(Duration.ofSeconds(10), Duration.ofHours(24)), "5m",
            "How long an active file transfer may move no byte in either direction before it is closed (a peer that hung or vanished without closing its connection).");
    public static final Setting<Boolean> PROXY_ENABLED = cluster("clustering.proxy.enabled", SettingTypes.bool(), "true",
            "Serve the cluster-aware file-transfer proxy on every node while clustered (Openfire's own proxy is switched off meanwhile).");

    public static final Setting<String> BRIDGE_TLS_PASSWORD = secret("clustering.bridge.tls.password",
            "Password of the key store and trust store named by clustering.bridge.tls.keyStore and clustering.bridge.tls.trustStore; stored encrypted.");

    // --- shared database ---------------------------------------------------------------------
    public static final Setting<Boolean> HIKARI_ENABLED = cluster("clustering.database.hikari.enabled", SettingTypes.bool(), "true",
            "Replace Openfire's default database connection pool with HikariCP while this plugin runs (same JDBC URL, user and pool sizes); it served about twice the throughput under concurrent load in the benchmark. Openfire's own pool comes back when the plugin is unloaded.");
    public static final Setting<String> DATABASE_REPLACE_IDENTITY = cluster("clustering.database.replaceIdentity",
            SettingTypes.text("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                    "a database identity (a UUID) as the shared-database check reports it"), null,
            "Lets this database replace the cluster's former one: set it to the identity Redis holds, as the refusal message shows it, and a node started while no node of the cluster is live makes this database the cluster's (creating its identity when it has none). Has no effect once the identity was replaced, nor while any node is live; remove it afterwards.");

    // --- this node (openfire.xml) ------------------------------------------------------------
    public static final Setting<String> NODE_HOST = node("clustering.node.host", SettingTypes.host(), null,
            "Host name this node advertises to the other nodes and shows on the admin pages; unset means Openfire's own host name.");
    public static final Setting<String> PROXY_BIND_ADDRESS = node("clustering.proxy.bindAddress", SettingTypes.host(), "0.0.0.0",
            "Address the file-transfer proxy and the node-to-node link listen on.");
    public static final Setting<Integer> PROXY_PORT = node("clustering.proxy.port", SettingTypes.integer(1, 65535), null,
            "SOCKS5 port of this node's file-transfer proxy. Unset means Openfire's own proxy port (xmpp.proxy.port, 7777 by default), which clients already know: while clustered the plugin's proxy takes that port over from Openfire's.");
    public static final Setting<String> PROXY_ADVERTISED_HOST = node("clustering.proxy.advertisedHost", SettingTypes.host(), null,
            "Host name clients use to reach this node's proxy when clustering.proxy.streamHosts is unset; unset means clustering.node.host.");
    public static final Setting<String> BRIDGE_TLS_KEYSTORE = node("clustering.bridge.tls.keyStore",
            SettingTypes.text("[^\\n]{1,1024}", "a file path"), null,
            "PKCS12 or JKS key store with this node's certificate: when set, node-to-node file-transfer links use mutual TLS on top of the HMAC proof.");
    public static final Setting<String> BRIDGE_TLS_TRUSTSTORE = node("clustering.bridge.tls.trustStore",
            SettingTypes.text("[^\\n]{1,1024}", "a file path"), null,
            "Trust store with the certificates (or their CA) of the other nodes; unset means the key store also serves as trust store.");
    public static final Setting<Integer> BRIDGE_PORT = node("clustering.bridge.port", SettingTypes.integer(1, 65535), "7778",
            "Port of this node's node-to-node file-transfer link, reachable by the other nodes.");

    /** Every property, in documentation order. */
    public static List<Setting<?>> all() {
        return List.of(CLUSTER_NAME,
                REDIS_MODE, REDIS_ADDRESSES, REDIS_SENTINEL_MASTER, REDIS_USERNAME, REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD,
                REDIS_TLS, REDIS_TLS_VERIFY_PEER, REDIS_DATABASE, REDIS_TIMEOUT,
                RABBITMQ_ADDRESSES, RABBITMQ_VHOST, RABBITMQ_USERNAME, RABBITMQ_PASSWORD, RABBITMQ_TLS,
                RABBITMQ_TLS_VERIFY_PEER, RABBITMQ_CONNECT_TIMEOUT,
                CODEC_ALLOWED_PACKAGES,
                MEMBERSHIP_HEARTBEAT, MEMBERSHIP_LEASE, MEMBERSHIP_CONNECTION_WATCH,
                NEAR_CACHES, CACHE_EVENT_RETENTION,
                TASK_TIMEOUT, TASK_COMPACT_STANZAS, TASK_PERSISTENT, RABBITMQ_QUEUE_TYPE,
                PROXY_ENABLED, PROXY_STREAM_HOSTS, BRIDGE_SECRET, PROXY_PAIR_TIMEOUT, PROXY_IDLE_TIMEOUT,
                BRIDGE_TLS_PASSWORD,
                HIKARI_ENABLED, DATABASE_REPLACE_IDENTITY,
                NODE_HOST, PROXY_BIND_ADDRESS, PROXY_PORT, PROXY_ADVERTISED_HOST, BRIDGE_PORT,
                BRIDGE_TLS_KEYSTORE, BRIDGE_TLS_TRUSTSTORE);
    }
}
