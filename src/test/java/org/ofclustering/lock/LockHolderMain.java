package org.ofclustering.lock;

import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * A member in its own JVM that takes one cluster lock and keeps it until it is killed.
 * Arguments: cluster name, cache name, key, heartbeat ms, membership lease ms. Prints {@code LOCKED}
 * once it owns the lock.
 */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "ofc-test-lock-holder");
        KeySpace space = new KeySpace(args[0]);
        ClusteredCaches node = new ClusteredCaches(redis, space, CacheNodes.codec(), "holder", CacheSettings.defaults());
        MembershipService membership = new MembershipService(redis, space, new LocalNode("holder", "host-holder", "127.0.0.1", 7000, "1"),
                MembershipSettings.of(Duration.ofMillis(Long.parseLong(args[3])), Duration.ofMillis(Long.parseLong(args[4]))));
        node.locks().fence().guardWith(membership);
        membership.start();
        ClusteredMap<String, String> map = node.open(args[1], CacheLimits.NONE);
        Lock lock = map.getLock(args[2]);
        lock.lock();
        System.out.println("LOCKED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
