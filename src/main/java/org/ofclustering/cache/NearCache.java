package org.ofclustering.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node-local copy of values read from a clustered cache, invalidated by the cache's entry events
 * (every node's writes, this node's included) and by this node's own writes as they are sent.
 * Bounded by a Caffeine cache, which keeps the keys read most often.
 *
 * <p>A fill is kept only if no invalidation happened between the start of the read that produced
 * it and the fill (a version counter), so a value overtaken by a write whose event has arrived is
 * never kept. Values are shared instances: enable near caching only for caches whose values callers
 * do not mutate after reading.
 */
final class NearCache<K, V> {
    private final Cache<K, V> entries;
    private final AtomicLong version = new AtomicLong();

    NearCache(int maxEntries) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // Evictions run in the filling thread: no work is handed to a shared pool.
                .executor(Runnable::run)
                .build();
    }

    V get(K key) {
        return entries.getIfPresent(key);
    }

    /** Version to pass to {@link #fill} for a read that starts now. */
    long version() {
        return version.get();
    }

    void fill(K key, V value, long versionBeforeRead) {
        if (value == null || version.get() != versionBeforeRead) {
            return;
        }
        entries.put(key, value);
        if (version.get() != versionBeforeRead) {
            entries.asMap().remove(key, value);
        }
    }

    void invalidate(Object key) {
        version.incrementAndGet();
        entries.asMap().remove(key);
    }

    void clear() {
        version.incrementAndGet();
        entries.invalidateAll();
    }
}
