package org.ofclustering.lock;

import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * A node in its own JVM that takes one cluster lock and keeps it until it is killed.
 * Arguments: cluster name, cache name, key, lease in ms. Prints {@code LOCKED} once Redis granted it.
 */
public final class LockHolderMain {
    public static void main(String[] args) throws Exception {
        RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "ofc-test-lock-holder");
        CacheSettings settings = CacheSettings.defaults().withLocks(LockSettings.defaults().withLease(Duration.ofMillis(Long.parseLong(args[3]))));
        ClusteredCaches node = new ClusteredCaches(redis, new KeySpace(args[0]), CacheNodes.codec(), "holder", settings);
        ClusteredMap<String, String> map = node.open(args[1], CacheLimits.NONE);
        Lock lock = map.getLock(args[2]);
        lock.lock();
        map.get(args[2]); // the first clustered operation confirms the acquisition
        System.out.println("LOCKED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
