package org.ofclustering.membership;

import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** One node's share of the engine (connector, caches, membership), connected through the sentinels as the plugin connects. */
final class SentinelModeNode implements AutoCloseable {
    final String id;
    final String clientName;
    final RedisConnector redis;
    final ClusteredCaches caches;
    final MembershipService membership;

    SentinelModeNode(String cluster, KeySpace keys, String id, RedisSettings settings, CacheSettings cache,
                     MembershipSettings timing) {
        this.id = id;
        this.clientName = "ofc-" + cluster + "-" + id;
        this.redis = RedisConnector.connect(settings, clientName);
        try {
            this.caches = new ClusteredCaches(redis, keys, CacheNodes.codec(), id, cache);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        this.membership = new MembershipService(redis, keys, new LocalNode(id, id + ".example.org", null, 0, "1"), timing);
    }

    ClusteredMap<String, String> sessions() {
        return caches.open("Routing User Sessions", CacheLimits.NONE);
    }

    /** True when the view holds exactly these members (in any order: a rejoin changes the join order). */
    boolean sees(String... nodeIds) {
        return membership.members().stream().map(MemberInfo::nodeId).sorted().toList().equals(List.of(nodeIds));
    }

    /**
     * A member seeing both nodes, whose last confirmed lease renewal was sent after the kill,
     * so the promoted replica confirmed it (the old master is gone).
     */
    boolean memberAgainSince(long killedNanos, String... nodeIds) {
        long sinceKill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos);
        long renewalAge = membership.status().lastRenewalAgeMs();
        return sees(nodeIds) && membership.holdsValidLease() && renewalAge >= 0 && renewalAge < sinceKill;
    }

    @Override
    public void close() {
        membership.close();
        caches.close();
        redis.close();
    }
}
