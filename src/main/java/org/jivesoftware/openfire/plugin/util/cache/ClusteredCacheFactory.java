package org.jivesoftware.openfire.plugin.util.cache;

import org.jivesoftware.openfire.cluster.ClusterNodeInfo;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactoryStrategy;
import org.jivesoftware.util.cache.ClusterTask;
import org.ofclustering.openfire.ClusterStrategy;

import java.util.Collection;
import java.util.Map;

/**
 * Entry point under the class name Openfire uses by default for its clustering strategy
 * ({@code cache.clustered.class}), so that uploading this plugin and enabling clustering works
 * without a restart or a database property change. It only delegates: the constructor is cheap
 * and has no side effects, because Openfire also instantiates it just to learn whether
 * clustering is available.
 */
public class ClusteredCacheFactory implements CacheFactoryStrategy {
    private final ClusterStrategy strategy = new ClusterStrategy();

    @Override
    public boolean startCluster() {
        return strategy.startCluster();
    }

    @Override
    public void stopCluster() {
        strategy.stopCluster();
    }

    @Override
    public Cache createCache(String name) {
        return strategy.createCache(name);
    }

    @Override
    public void destroyCache(Cache cache) {
        strategy.destroyCache(cache);
    }

    @Override
    public boolean isSeniorClusterMember() {
        return strategy.isSeniorClusterMember();
    }

    @Override
    public Collection<ClusterNodeInfo> getClusterNodesInfo() {
        return strategy.getClusterNodesInfo();
    }

    @Override
    public int getMaxClusterNodes() {
        return strategy.getMaxClusterNodes();
    }

    @Override
    public byte[] getSeniorClusterMemberID() {
        return strategy.getSeniorClusterMemberID();
    }

    @Override
    public byte[] getClusterMemberID() {
        return strategy.getClusterMemberID();
    }

    @Override
    public long getClusterTime() {
        return strategy.getClusterTime();
    }

    @Override
    public void doClusterTask(ClusterTask<?> task) {
        strategy.doClusterTask(task);
    }

    @Override
    public void doClusterTask(ClusterTask<?> task, byte[] nodeID) {
        strategy.doClusterTask(task, nodeID);
    }

    @Override
    public <T> Collection<T> doSynchronousClusterTask(ClusterTask<T> task, boolean includeLocalMember) {
        return strategy.doSynchronousClusterTask(task, includeLocalMember);
    }

    @Override
    public <T> T doSynchronousClusterTask(ClusterTask<T> task, byte[] nodeID) {
        return strategy.doSynchronousClusterTask(task, nodeID);
    }

    @Override
    public void updateCacheStats(Map<String, Cache> caches) {
        strategy.updateCacheStats(caches);
    }

    @Override
    public String getPluginName() {
        return strategy.getPluginName();
    }

    @Override
    public ClusterNodeInfo getClusterNodeInfo(byte[] nodeID) {
        return strategy.getClusterNodeInfo(nodeID);
    }
}
