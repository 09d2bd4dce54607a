package org.ofclustering.openfire;

import org.jivesoftware.util.cache.Cache;
import org.ofclustering.cache.CacheFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns Openfire caches into the figures {@code ClusteredCaches.publishStats} publishes, for
 * {@code CacheFactoryStrategy.updateCacheStats(Map<String, Cache>)}: every cache of the node,
 * clustered and local alike.
 */
public final class CacheFiguresOf {
    private CacheFiguresOf() {
    }

    @SuppressWarnings("rawtypes")
    public static List<CacheFigures> all(Map<String, Cache> caches) {
        List<CacheFigures> figures = new ArrayList<>(caches.size());
        for (Map.Entry<String, Cache> e : caches.entrySet()) {
            figures.add(of(e.getKey(), e.getValue()));
        }
        return figures;
    }

    public static CacheFigures of(String name, Cache<?, ?> cache) {
        Cache.CapacityUnit unit = cache.getCapacityUnit();
        long size = cache.getLongCacheSize();
        // With entities as unit the size is the entry count: one Redis call instead of two.
        long entries = unit == Cache.CapacityUnit.ENTITIES ? size : cache.size();
        return new CacheFigures(name, entries, size, cache.getMaxCacheSize(), cache.getMaxLifetime(),
                cache.getCacheHits(), cache.getCacheMisses(), unit == null ? "BYTES" : unit.name());
    }
}
