package org.ofclustering.cache;

/**
 * Limits of one cache, as Openfire's {@code cache.<name>.size} and {@code cache.<name>.maxLifetime}
 * give them.
 *
 * @param maxEntries      entries the cache keeps at most (capacity unit: entities); 0 or less = no limit.
 *                        When a write makes a clustered cache exceed it, the least recently written
 *                        entries are evicted (reported as evicted); a node-local cache evicts by
 *                        Caffeine's policy
 * @param maxLifetimeMillis how long an entry lives after its last write; 0 or less (Openfire uses -1) = forever
 */
public record CacheLimits(long maxEntries, long maxLifetimeMillis) {
    public static final CacheLimits NONE = new CacheLimits(-1, -1);

    public boolean bounded() {
        return maxEntries > 0;
    }

    public boolean expiring() {
        return maxLifetimeMillis > 0;
    }
}
