package org.ofclustering.openfire;

import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.util.PropertyClusterEventTask;
import org.ofclustering.bridge.FileTransferBridge;
import org.ofclustering.bridge.LinkSecretAgreement;
import org.ofclustering.bridge.StreamHost;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.codec.SerializationCodec;
import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.config.PluginVersion;
import org.ofclustering.config.Secret;
import org.ofclustering.database.DatabaseIdentityCheck;
import org.ofclustering.database.DatabaseIdentityResult;
import org.ofclustering.database.FirstWrittenProperty;
import org.ofclustering.membership.LiveLeases;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.lock.MemberFence;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.redis.RedisFootprint;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything a clustered node runs, built in dependency order when clustering starts and torn
 * down in reverse order when it stops: codec and serialization strategy, Redis, the shared
 * database check, caches and locks, membership, cluster tasks, the file-transfer bridge. A failure
 * while starting closes what was already started, so a refused start leaves no thread or
 * connection behind.
 */
final class ClusterRuntime implements AutoCloseable {
    /** How long the bridge retries its port while Openfire's own proxy lets go of it. */
    private static final Duration PROXY_BIND_WAIT = Duration.ofSeconds(5);
    private static final Logger Log = LoggerFactory.getLogger(ClusterRuntime.class);
    private static final AtomicReference<ClusterRuntime> CURRENT = new AtomicReference<>();
    /** The outcome of the latest shared-database check, kept when a refused start left no runtime. */
    private static final AtomicReference<DatabaseIdentityResult> LAST_DATABASE_CHECK = new AtomicReference<>();
    private static final Duration JOIN_WAIT = Duration.ofMinutes(2);

    private final ClusterConfiguration config;
    private final String nodeId;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private final PluginClassLoaders loaders;
    private final SerializationCodec codec;
    private final ExternalizableStrategySwitch serialization = new ExternalizableStrategySwitch();
    private final RedisConnector redis;
    private final RedisFootprint footprint;
    private final KeySpace keys;
    private final ClusteredCaches caches;
    private final MembershipService membership;
    private final ClusterTaskDispatcher tasks;
    private final FileTransferBridge bridge;
    private final ClusterEventTranslator events;
    private final RouteRebuildGate gate;
    private final ExecutorService resync = Executors.newSingleThreadExecutor(r -> daemon(r, "clustering-resync"));
    private final AtomicBoolean resyncPending = new AtomicBoolean();
    private volatile DatabaseIdentityResult databaseCheck;

    /** The latest shared-database check of this server, or null before the first start; for the admin pages. */
    static DatabaseIdentityResult lastDatabaseCheck() {
        return LAST_DATABASE_CHECK.get();
    }

    /** The runtime of the running cluster node, or null; for the admin pages. */
    static ClusterRuntime current() {
        return CURRENT.get();
    }

    /**
     * Builds and connects everything except membership: the node is not yet a member, so no
     * other node routes anything to it.
     *
     * @throws ClusterStartException with an administrator-readable reason when a part cannot start
     */
    ClusterRuntime(ClusterConfiguration config, String nodeId, String hostName) {
        this.config = config;
        this.nodeId = nodeId;
        this.keys = new KeySpace(config.clusterName());
        try {
            loaders = PluginClassLoaders.ofRunningServer();
            loaders.start();
            closeOrder.push(loaders::stop);
            codec = new SerializationCodec(EngineSettings.codec(config), loaders);
            serialization.install(new ClusterExternalizableStrategy(codec.javaSerialization()));
            closeOrder.push(serialization::restore);

            redis = connectRedis(config, nodeId);
            closeOrder.push(redis);
            // The status page's key survey: its connection opens at the first survey, and closes before the client.
            footprint = new RedisFootprint(redis, keys, "ofc-" + config.clusterName() + "-" + nodeId + "-status");
            closeOrder.push(footprint);

            LiveLeases leases = new LiveLeases(redis, keys);
            databaseCheck = new DatabaseIdentityCheck(DbConnectionManager::getConnection, redis, keys,
                    () -> leases.othersThan(nodeId), config.get(ClusteringProperties.DATABASE_REPLACE_IDENTITY)).check();
            LAST_DATABASE_CHECK.set(databaseCheck);
            if (!databaseCheck.mayJoin()) {
                throw new ClusterStartException(databaseCheck.message());
            }

            caches = new ClusteredCaches(redis, keys, codec, nodeId, EngineSettings.cache(config));
            closeOrder.push(caches);
            // Before Openfire opens its caches: routing entries under owned bare-JID locks come from memory.
            caches.useEntryGuards(new RoutingEntryGuards());
            caches.locks().useSingleReadSites(RoutingEntryGuards.singleReadSites());

            Secret linkSecret = bridgeSecret();
            boolean proxy = config.get(ClusteringProperties.PROXY_ENABLED);
            String bridgeHost = proxy ? advertisedHost(config, hostName) : null;
            int bridgePort = proxy ? config.get(ClusteringProperties.BRIDGE_PORT) : 0;
            membership = new MembershipService(redis, keys,
                    new LocalNode(nodeId, hostName, bridgeHost, bridgePort, PluginVersion.current()),
                    EngineSettings.membership(config));
            closeOrder.push(membership);
            // Core's locks and cache writes act only while this node holds its membership lease.
            caches.locks().fence().guardWith(membership);
            // Openfire's cluster-event thread delivers "left cluster", which ends a fence: it must not wait for it.
            caches.locks().fence().neverWaitOn(t -> t.getName().startsWith(RouteRebuildGate.OPENFIRE_EVENT_THREAD));

            tasks = new ClusterTaskDispatcher(config.rabbit(), config.clusterName(), membership,
                    new ClusterTaskCodec(codec, config.get(ClusteringProperties.TASK_COMPACT_STANZAS)),
                    EngineSettings.messaging(config));
            try {
                tasks.start();
            } catch (IOException | RuntimeException e) {
                throw new ClusterStartException("RabbitMQ at " + config.rabbit().addresses() + " is not usable: " + e.getMessage(), e);
            }
            closeOrder.push(tasks::stop);
            // After a fence, rejoin once others can send to this node again (its queue may have been taken over meanwhile).
            membership.rejoinWhen(tasks::isConnected);

            if (proxy) {
                // Openfire's proxy holds the same port by default: it must let go before the plugin's binds.
                BuiltInProxyPause builtInProxy = new BuiltInProxyPause();
                closeOrder.push(builtInProxy);
                bridge = startBridge(builtInProxy, linkSecret);
                closeOrder.push(bridge);
                ProxyService proxyService = new ProxyService(bridge, streamHosts(config, bridgeHost));
                proxyService.start();
                closeOrder.push(proxyService);
            } else {
                bridge = null;
            }

            MemberFence fence = caches.locks().fence();
            // Closed while Redis is away and until it confirmed this node's lease afterwards (it may have lost its data).
            gate = new RouteRebuildGate(() -> redis.connection().isOpen() && fence.mayAct(), this::isMember, fence::isWaiting,
                    LocalRecipients::connectedHere);
            // A user's stanza for another node's user, caught in a fence, waits for the rejoin rather than
            // routing on local caches, where that user looks offline.
            fence.preferRejoinOn(gate::routesToAnotherNode, gate::routesComplete, RouteRebuildGate.HOLD);
            ClusterTaskDispatcher dispatcher = tasks;
            // A stanza for a node this node waits for after its own rejoin waits for that node too.
            dispatcher.expectBack(gate::awaits, RouteRebuildGate.HOLD);
            events = new ClusterEventTranslator(dispatcher::doClusterTask,
                    node -> dispatcher.doClusterTask(new RoutesRestoredTask(), node.getBytes(StandardCharsets.UTF_8)),
                    dispatcher::awaitTakeover, caches.locks().fence()::runsStandalone, gate, membership::members);
            tasks.onMemberAnnounced(events::announcedBy);
            membership.addListener(events);
            membership.addListener(ClusteringPlugin.RECENT_EVENTS);
            caches.setEventGapHandler((cache, lost) -> scheduleResync(cache, lost));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static RedisConnector connectRedis(ClusterConfiguration config, String nodeId) {
        try {
            return RedisConnector.connect(config.redis(), "ofc-" + config.clusterName() + "-" + nodeId);
        } catch (RuntimeException e) {
            throw new ClusterStartException("Redis at " + config.redis().uris() + " is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the bridge on the port Openfire's proxy may hold. Openfire binds its proxy on a thread
     * of its own, so right after Openfire started it may bind after it was told to stop: the
     * bridge stops it again and retries for a few seconds.
     */
    private FileTransferBridge startBridge(BuiltInProxyPause builtInProxy, Secret linkSecret) {
        long giveUp = System.nanoTime() + PROXY_BIND_WAIT.toNanos();
        while (true) {
            builtInProxy.stop();
            FileTransferBridge candidate = new FileTransferBridge(EngineSettings.bridge(config, linkSecret), membership, redis, keys);
            try {
                candidate.start();
                return candidate;
            } catch (IOException e) {
                candidate.close();
                if (System.nanoTime() - giveUp > 0) {
                    throw new ClusterStartException("the file-transfer proxy cannot listen: " + e.getMessage(), e);
                }
                Log.debug("File-transfer proxy not listening yet ({}); trying again", e.getMessage());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterStartException("interrupted while the file-transfer proxy waited for its port");
            }
        }
    }

    private static List<StreamHost> streamHosts(ClusterConfiguration config, String ownHost) {
        List<String> configured = config.get(ClusteringProperties.PROXY_STREAM_HOSTS);
        if (!configured.isEmpty()) {
            return StreamHost.parseList(String.join(",", configured), BuiltInProxyPause.port(config));
        }
        return List.of(new StreamHost(ownHost, BuiltInProxyPause.port(config)));
    }

    private static String advertisedHost(ClusterConfiguration config, String hostName) {
        String proxyHost = config.get(ClusteringProperties.PROXY_ADVERTISED_HOST);
        return proxyHost != null ? proxyHost : hostName;
    }

    /** The configured link secret, else the one the first node stored in the shared database (encrypted). */
    private Secret bridgeSecret() {
        String key = ClusteringProperties.BRIDGE_SECRET.key();
        LinkSecretAgreement.Agreement agreed;
        try {
            agreed = new LinkSecretAgreement(key, new FirstWrittenProperty(DbConnectionManager::getConnection,
                    new OpenfirePropertyCipher())).agree(config.secret(ClusteringProperties.BRIDGE_SECRET));
        } catch (SQLException | RuntimeException e) {
            throw new ClusterStartException("the file-transfer link secret (" + key + ") cannot be stored or read in the database: "
                    + e.getMessage(), e);
        }
        if (agreed.source() != LinkSecretAgreement.Source.CONFIGURED) {
            // The row is in the database already: only Openfire's in-memory copy is set (no second
            // write), so that the admin pages see it and a later change updates that row.
            PropertyClusterEventTask.createPutTask(key, agreed.secret().reveal(), true).run();
            Log.info(agreed.source() == LinkSecretAgreement.Source.GENERATED
                    ? "Generated the cluster's file-transfer link secret (stored encrypted as {})"
                    : "Using the file-transfer link secret another node generated (stored encrypted as {})", key);
        }
        return agreed.secret();
    }

    /** Joins the membership; returns once Openfire has switched to the clustered caches. */
    void join() {
        CURRENT.set(this);
        // First in line: while routes are being rebuilt, stanzas wait here rather than reach the router.
        InterceptorManager.getInstance().addInterceptor(0, gate);
        closeOrder.push(() -> InterceptorManager.getInstance().removeInterceptor(gate));
        membership.start();
        try {
            if (!events.awaitFirstJoin(JOIN_WAIT)) {
                Log.warn("Openfire has not finished switching to clustered caches after {} s; continuing", JOIN_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("interrupted while joining the cluster");
        }
    }

    /**
     * A feed lost entry events. When Redis lost its data it also lost every lease: each node fences
     * and rejoins within the renewal deadline, and Openfire rebuilds its cluster state on that
     * rejoin, so a second rebuild would only make users on other nodes flicker offline. The resync
     * therefore waits one renewal deadline and runs only if no (re)join of this node fell in that
     * time around the report (a partial loss, e.g. a fail-over that kept the leases).
     */
    private void scheduleResync(String cache, long lost) {
        long reported = System.nanoTime();
        if (resyncPending.compareAndSet(false, true)) {
            resync.execute(() -> {
                long settle = membership.settings().renewalDeadline().toNanos();
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, reported + settle - System.nanoTime()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                resyncPending.set(false);
                if (events.joinedSince(reported - settle)) {
                    Log.warn("Redis lost entry events of cache '{}' ({}); Openfire's cluster state was rebuilt when this node rejoined",
                            cache, lost < 0 ? "it lost its data" : lost + " events");
                    return;
                }
                events.resynchronise(cache, lost);
            });
        }
    }

    ClusterConfiguration config() {
        return config;
    }

    String nodeId() {
        return nodeId;
    }

    SerializationCodec codec() {
        return codec;
    }

    RedisConnector redis() {
        return redis;
    }

    RedisFootprint footprint() {
        return footprint;
    }

    ClusteredCaches caches() {
        return caches;
    }

    MembershipService membership() {
        return membership;
    }

    ClusterTaskDispatcher tasks() {
        return tasks;
    }

    FileTransferBridge bridge() {
        return bridge;
    }

    DatabaseIdentityResult databaseCheck() {
        return databaseCheck;
    }

    boolean isMember() {
        return events != null && events.isMember();
    }

    /** Leaves the membership (Openfire's "left" events run first), then closes everything in reverse order. */
    @Override
    public void close() {
        CURRENT.compareAndSet(this, null);
        resync.shutdownNow();
        MembershipService m = membership;
        if (m != null) {
            try {
                // Openfire's "left cluster" runs first, while Redis, RabbitMQ and the bridge still serve
                // its listeners; the lease goes once they have returned.
                m.stop();
            } catch (RuntimeException e) {
                Log.warn("Leaving the membership failed: {}", e.toString());
            }
        }
        while (!closeOrder.isEmpty()) {
            AutoCloseable part = closeOrder.pop();
            try {
                part.close();
            } catch (Exception e) {
                Log.warn("Closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        try {
            resync.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
