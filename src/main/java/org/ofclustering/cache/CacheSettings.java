package org.ofclustering.cache;

import org.ofclustering.lock.LockSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the clustered caches of one node.
 *
 * @param eventRetention      how long entry events stay in a cache's Redis stream; a node cut off from
 *                            Redis for less than this misses no event (longer: a detected gap)
 * @param eventPollInterval   how often each event feed reads its stream even without a wake-up
 *                            (covers wake-ups lost while the Pub/Sub connection was down)
 * @param pageSize            entries fetched per page when iterating a cache ({@code HSCAN COUNT})
 * @param nearCaches          names of the caches that keep a node-local copy of what they read
 * @param nearCacheMaxEntries entries a near cache keeps at most
 * @param nearCacheStaleness  a near cache answers only while its event feed read Redis successfully
 *                            within this time; otherwise reads go to Redis
 * @param statsTtl            how long the published cache figures of a node stay readable
 * @param locks               cluster lock settings
 */
public record CacheSettings(Duration eventRetention, Duration eventPollInterval, int pageSize, Set<String> nearCaches,
                            int nearCacheMaxEntries, Duration nearCacheStaleness, Duration statsTtl, LockSettings locks) {
    public CacheSettings {
        Objects.requireNonNull(eventRetention, "eventRetention");
        Objects.requireNonNull(eventPollInterval, "eventPollInterval");
        Objects.requireNonNull(nearCacheStaleness, "nearCacheStaleness");
        Objects.requireNonNull(statsTtl, "statsTtl");
        Objects.requireNonNull(locks, "locks");
        nearCaches = Set.copyOf(nearCaches);
        if (eventRetention.toSeconds() < 1) {
            throw new IllegalArgumentException("eventRetention must be at least 1 s");
        }
        if (eventPollInterval.toMillis() < 10) {
            throw new IllegalArgumentException("eventPollInterval must be at least 10 ms");
        }
        if (pageSize < 1 || nearCacheMaxEntries < 1) {
            throw new IllegalArgumentException("pageSize and nearCacheMaxEntries must be positive");
        }
    }

    /** 60 s event retention, 500 ms poll, pages of 256, no near caches, 10 000 near entries, 2 s staleness, 60 s stats. */
    public static CacheSettings defaults() {
        return new CacheSettings(Duration.ofSeconds(60), Duration.ofMillis(500), 256, Set.of(), 10_000,
                Duration.ofSeconds(2), Duration.ofSeconds(60), LockSettings.defaults());
    }

    public CacheSettings withNearCaches(Set<String> names) {
        return new CacheSettings(eventRetention, eventPollInterval, pageSize, names, nearCacheMaxEntries, nearCacheStaleness, statsTtl, locks);
    }

    public CacheSettings withEventRetention(Duration retention) {
        return new CacheSettings(retention, eventPollInterval, pageSize, nearCaches, nearCacheMaxEntries, nearCacheStaleness, statsTtl, locks);
    }

    public CacheSettings withLocks(LockSettings lockSettings) {
        return new CacheSettings(eventRetention, eventPollInterval, pageSize, nearCaches, nearCacheMaxEntries, nearCacheStaleness, statsTtl, lockSettings);
    }

    public CacheSettings withPageSize(int size) {
        return new CacheSettings(eventRetention, eventPollInterval, size, nearCaches, nearCacheMaxEntries, nearCacheStaleness, statsTtl, locks);
    }
}
