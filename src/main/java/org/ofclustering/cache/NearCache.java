package org.ofclustering.cache;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node-local copy of values read from a clustered cache, invalidated by the cache's entry events
 * (every node's writes, this node's included) and by this node's own writes as they are sent.
 *
 * <p>A fill is kept only if no invalidation happened between the start of the read that produced
 * it and the fill (a version counter), so a value overtaken by a write whose event has arrived is
 * never kept. Values are shared instances: enable near caching only for caches whose values callers
 * do not mutate after reading.
 */
final class NearCache<K, V> {
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final int maxEntries;

    NearCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    V get(K key) {
        return entries.get(key);
    }

    /** Version to pass to {@link #fill} for a read that starts now. */
    long version() {
        return version.get();
    }

    void fill(K key, V value, long versionBeforeRead) {
        if (value == null || version.get() != versionBeforeRead) {
            return;
        }
        if (entries.size() >= maxEntries) {
            trim();
        }
        entries.put(key, value);
        if (version.get() != versionBeforeRead) {
            entries.remove(key, value);
        }
    }

    void invalidate(Object key) {
        version.incrementAndGet();
        entries.remove(key);
    }

    void clear() {
        version.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void trim() {
        // Drops about a tenth of the entries in hash order: cheap, and good enough for a cache of hot keys.
        int toDrop = Math.max(1, maxEntries / 10);
        Iterator<K> it = entries.keySet().iterator();
        while (toDrop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
