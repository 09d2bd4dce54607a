package org.ofclustering.openfire;

import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.openfire.cluster.ClusteredCacheEntryListener;
import org.jivesoftware.openfire.cluster.NodeID;
import org.ofclustering.cache.CacheEntryListener;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.ClusteredMap;

import javax.annotation.Nonnull;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.locks.Lock;

/**
 * Openfire's {@link Cache} over a {@link ClusteredMap}: every call is delegated; this class only
 * translates limits, the capacity unit (entities) and listener origins (node id strings become
 * {@link NodeID}s). A write refused by a fence is redirected or repeated ({@link FencedOperations}).
 */
public final class RedisCache<K extends Serializable, V extends Serializable> extends MapBackedCache<K, V> {
    private final ClusteredMap<K, V> map;

    public RedisCache(ClusteredMap<K, V> map) {
        super(map.name(), map);
        this.map = map;
    }

    @Override
    public V put(K key, V value) {
        return fenced(() -> super.put(key, value), c -> c.put(key, value));
    }

    @Override
    public V remove(Object key) {
        return fenced(() -> super.remove(key), c -> c.remove(key));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        fenced(() -> {
            super.putAll(m);
            return null;
        }, c -> {
            c.putAll(m);
            return null;
        });
    }

    @Override
    public void clear() {
        fenced(() -> {
            super.clear();
            return null;
        }, c -> {
            c.clear();
            return null;
        });
    }

    @Override
    public V get(Object key) {
        return fenced(() -> super.get(key), c -> c.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
        return fenced(() -> super.containsKey(key), c -> c.containsKey(key));
    }

    @Override
    public int size() {
        return fenced(super::size, Cache::size);
    }

    @Override
    public boolean isEmpty() {
        return fenced(super::isEmpty, Cache::isEmpty);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return fenced(() -> super.putIfAbsent(key, value), c -> c.putIfAbsent(key, value));
    }

    @Override
    public boolean remove(Object key, Object value) {
        return fenced(() -> super.remove(key, value), c -> c.remove(key, value));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return fenced(() -> super.replace(key, oldValue, newValue), c -> c.replace(key, oldValue, newValue));
    }

    @Override
    public V replace(K key, V value) {
        return fenced(() -> super.replace(key, value), c -> c.replace(key, value));
    }

    /** Runs a write or read; one refused by a fence is redirected or repeated ({@link FencedOperations}). */
    private <T> T fenced(Supplier<T> here, Function<Cache<K, V>, T> elsewhere) {
        return FencedOperations.run(this, map.locks(), here, elsewhere);
    }

    /** The engine map behind this cache. */
    public ClusteredMap<K, V> map() {
        return map;
    }

    @Override
    public long getMaxCacheSize() {
        return map.limits().maxEntries();
    }

    @Override
    public void setMaxCacheSize(long maxSize) {
        map.setLimits(new CacheLimits(maxSize, map.limits().maxLifetimeMillis()));
    }

    @Override
    public long getMaxLifetime() {
        return map.limits().maxLifetimeMillis();
    }

    @Override
    public void setMaxLifetime(long maxLifetime) {
        map.setLimits(new CacheLimits(map.limits().maxEntries(), maxLifetime));
    }

    @Override
    public long getLongCacheSize() {
        return map.longSize();
    }

    @Override
    public long getCacheHits() {
        return map.hits();
    }

    @Override
    public long getCacheMisses() {
        return map.misses();
    }

    @Nonnull
    @Override
    public Lock getLock(K key) {
        return map.getLock(key);
    }

    @Override
    public String addClusteredCacheEntryListener(@Nonnull ClusteredCacheEntryListener<K, V> listener,
                                                 boolean includeValues, boolean includeEventsFromLocalNode) {
        return map.addListener(new CacheEntryListener<K, V>() {
            @Override
            public void entryAdded(K key, V newValue, String origin) {
                listener.entryAdded(key, newValue, node(origin));
            }

            @Override
            public void entryUpdated(K key, V oldValue, V newValue, String origin) {
                listener.entryUpdated(key, oldValue, newValue, node(origin));
            }

            @Override
            public void entryRemoved(K key, V oldValue, String origin) {
                listener.entryRemoved(key, oldValue, node(origin));
            }

            @Override
            public void entryEvicted(K key, V oldValue, String origin) {
                listener.entryEvicted(key, oldValue, node(origin));
            }

            @Override
            public void mapCleared(String origin) {
                listener.mapCleared(node(origin));
            }
        }, includeValues, includeEventsFromLocalNode);
    }

    @Override
    public void removeClusteredCacheEntryListener(@Nonnull String listenerId) {
        map.removeListener(listenerId);
    }

    private static NodeID node(String nodeId) {
        return NodeID.getInstance(nodeId.getBytes(StandardCharsets.UTF_8));
    }
}
