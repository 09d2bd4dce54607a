// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

import org.jivesoftware.openfire.cluster.ClusterNodeInfo;

import java.util.Collection;
import java.util.Map;

public interface CacheFactoryStrategy {
    boolean startCluster();
    void stopCluster();
    Cache createCache(String name);
    void destroyCache(Cache cache);
    boolean isSeniorClusterMember();
    Collection<ClusterNodeInfo> getClusterNodesInfo();
    int getMaxClusterNodes();
    byte[] getSeniorClusterMemberID();
    byte[] getClusterMemberID();
    long getClusterTime();
    void doClusterTask(final ClusterTask<?> task);
    void doClusterTask(ClusterTask<?> task, byte[] nodeID);
    <T> Collection<T> doSynchronousClusterTask(ClusterTask<T> task, boolean includeLocalMember);
    <T> T doSynchronousClusterTask(ClusterTask<T> task, byte[] nodeID);
    void updateCacheStats(Map<String, Cache> caches);
    String getPluginName();
    ClusterNodeInfo getClusterNodeInfo(byte[] nodeID);
}
