package org.ofclustering.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.cluster.ClusterNodeInfo;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;
import org.jivesoftware.util.cache.CacheFactoryStrategy;
import org.jivesoftware.util.cache.ClusterTask;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Openfire's clustering strategy on Redis and RabbitMQ: Openfire calls {@link #startCluster()}
 * when clustering is enabled, asks it for clustered caches, and sends every cluster task and
 * membership query through it. The constructor does nothing (Openfire also instantiates the
 * strategy only to learn that clustering is available); all live parts belong to a
 * {@link ClusterRuntime} that exists between a successful start and the next stop.
 */
public final class ClusterStrategy implements CacheFactoryStrategy {
    /** The canonical plugin name; Openfire's clustering page links to this plugin's node page with it. */
    public static final String PLUGIN_NAME = "clustering";
    private static final Logger Log = LoggerFactory.getLogger(ClusterStrategy.class);

    private volatile ClusterRuntime runtime;

    @Override
    public synchronized boolean startCluster() {
        if (runtime != null) {
            return true;
        }
        ClusterConfiguration config = ClusterConfiguration.load(new OpenfirePropertySource());
        ConfigurationLog.report(config);
        if (!config.isValid()) {
            config.problems().forEach(p -> ClusteringPlugin.RECENT_EVENTS.record(ClusterEvent.Kind.NOTICE, "", p.message()));
            return false;
        }
        XMPPServer server = XMPPServer.getInstance();
        String nodeId = new String(server.getNodeID().toByteArray(), StandardCharsets.UTF_8);
        String configuredHost = config.get(ClusteringProperties.NODE_HOST);
        String hostName = configuredHost != null ? configuredHost : server.getServerInfo().getHostname();
        ClusterRuntime started = null;
        try {
            started = new ClusterRuntime(config, nodeId, hostName);
            runtime = started; // caches must be available while Openfire handles "joined"
            started.join();
            Log.info("Clustering started: node {} on {}, cluster '{}'", nodeId, hostName, config.clusterName());
            return true;
        } catch (ClusterStartException e) {
            Log.error("Clustering not started: {}; this node stays unclustered", e.getMessage());
            ClusteringPlugin.RECENT_EVENTS.record(ClusterEvent.Kind.NOTICE, nodeId, "Clustering not started: " + e.getMessage());
        } catch (RuntimeException e) {
            Log.error("Clustering not started: unexpected failure; this node stays unclustered", e);
            ClusteringPlugin.RECENT_EVENTS.record(ClusterEvent.Kind.NOTICE, nodeId, "Clustering not started: " + e);
        }
        runtime = null;
        if (started != null) {
            started.close();
        }
        return false;
    }

    @Override
    public synchronized void stopCluster() {
        ClusterRuntime r = runtime;
        if (r == null) {
            return;
        }
        r.close(); // fires Openfire's "left cluster" and waits for it before closing the connections
        runtime = null;
        Log.info("Clustering stopped");
    }

    private ClusterRuntime running() {
        ClusterRuntime r = runtime;
        if (r == null) {
            throw new IllegalStateException("this node is not in a cluster");
        }
        return r;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Cache createCache(String name) {
        CacheLimits limits = new CacheLimits(CacheFactory.getMaxCacheSize(name), CacheFactory.getMaxCacheLifetime(name));
        if (NodeLocalCache.NODE_LOCAL_CACHE_NAMES.contains(name)) {
            return new NodeLocalCache(name, limits);
        }
        return new RedisCache<Serializable, Serializable>(running().caches().open(name, limits));
    }

    @Override
    public void destroyCache(Cache cache) {
        ClusterRuntime r = runtime;
        if (r != null && cache instanceof RedisCache<?, ?> redisCache) {
            r.caches().close(redisCache.getName());
        }
    }

    @Override
    public boolean isSeniorClusterMember() {
        ClusterRuntime r = runtime;
        return r != null && r.isMember() && r.membership().isSenior();
    }

    @Override
    public Collection<ClusterNodeInfo> getClusterNodesInfo() {
        ClusterRuntime r = runtime;
        if (r == null) {
            return List.of();
        }
        MembershipService m = r.membership();
        Optional<String> senior = m.seniorMember().map(MemberInfo::nodeId);
        return m.members().stream()
                .map(member -> (ClusterNodeInfo) new MemberNodeInfo(member, senior.filter(member.nodeId()::equals).isPresent()))
                .toList();
    }

    @Override
    public int getMaxClusterNodes() {
        return 256;
    }

    @Override
    public byte[] getSeniorClusterMemberID() {
        ClusterRuntime r = runtime;
        return r == null ? null : r.membership().seniorMember().map(m -> m.nodeId().getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public byte[] getClusterMemberID() {
        ClusterRuntime r = runtime;
        return r == null ? null : r.nodeId().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long getClusterTime() {
        ClusterRuntime r = runtime;
        return r == null ? System.currentTimeMillis() : r.membership().clusterTime();
    }

    @Override
    public void doClusterTask(ClusterTask<?> task) {
        ClusterRuntime r = runtime;
        if (r == null) {
            Log.debug("Cluster task {} not sent: this node is not in a cluster", task.getClass().getName());
            return;
        }
        r.tasks().doClusterTask(task);
    }

    @Override
    public void doClusterTask(ClusterTask<?> task, byte[] nodeID) {
        running().tasks().doClusterTask(task, nodeID);
    }

    @Override
    public <T> Collection<T> doSynchronousClusterTask(ClusterTask<T> task, boolean includeLocalMember) {
        ClusterRuntime r = runtime;
        return r == null ? List.of() : r.tasks().doSynchronousClusterTask(task, includeLocalMember);
    }

    @Override
    public <T> T doSynchronousClusterTask(ClusterTask<T> task, byte[] nodeID) {
        return running().tasks().doSynchronousClusterTask(task, nodeID);
    }

    @Override
    public void updateCacheStats(Map<String, Cache> caches) {
        ClusterRuntime r = runtime;
        if (r != null) {
            try {
                r.caches().publishStats(CacheFiguresOf.all(caches));
            } catch (RuntimeException e) {
                // Figures for the admin console only, sent again next interval; a Redis outage is reported by the fence.
                Log.info("Cache figures not published this time: {}", e.toString());
            }
        }
    }

    @Override
    public String getPluginName() {
        return PLUGIN_NAME;
    }

    @Override
    public ClusterNodeInfo getClusterNodeInfo(byte[] nodeID) {
        ClusterRuntime r = runtime;
        if (r == null || nodeID == null) {
            return null;
        }
        MembershipService m = r.membership();
        String id = new String(nodeID, StandardCharsets.UTF_8);
        Optional<String> senior = m.seniorMember().map(MemberInfo::nodeId);
        return m.member(id).map(member -> (ClusterNodeInfo) new MemberNodeInfo(member, senior.filter(id::equals).isPresent())).orElse(null);
    }
}
