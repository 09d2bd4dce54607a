package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusterNodeInfo;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactoryStrategy;
import org.jivesoftware.util.cache.ClusterTask;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Openfire's clustering strategy backed by Redis and RabbitMQ. Placeholder until the engine is wired.
 */
public final class ClusterStrategy implements CacheFactoryStrategy {
    @Override public boolean startCluster() { return false; }
    @Override public void stopCluster() { }
    @Override public Cache createCache(String name) { throw new IllegalStateException("not clustered"); }
    @Override public void destroyCache(Cache cache) { }
    @Override public boolean isSeniorClusterMember() { return false; }
    @Override public Collection<ClusterNodeInfo> getClusterNodesInfo() { return List.of(); }
    @Override public int getMaxClusterNodes() { return 64; }
    @Override public byte[] getSeniorClusterMemberID() { return null; }
    @Override public byte[] getClusterMemberID() { return null; }
    @Override public long getClusterTime() { return System.currentTimeMillis(); }
    @Override public void doClusterTask(ClusterTask<?> task) { throw new IllegalStateException("not clustered"); }
    @Override public void doClusterTask(ClusterTask<?> task, byte[] nodeID) { throw new IllegalStateException("not clustered"); }
    @Override public <T> Collection<T> doSynchronousClusterTask(ClusterTask<T> task, boolean includeLocalMember) { return List.of(); }
    @Override public <T> T doSynchronousClusterTask(ClusterTask<T> task, byte[] nodeID) { throw new IllegalStateException("not clustered"); }
    @Override public void updateCacheStats(Map<String, Cache> caches) { }
    @Override public String getPluginName() { return "clustering"; }
    @Override public ClusterNodeInfo getClusterNodeInfo(byte[] nodeID) { return null; }
}
