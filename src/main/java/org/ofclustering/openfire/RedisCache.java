package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusteredCacheEntryListener;
import org.jivesoftware.openfire.cluster.NodeID;
import org.jivesoftware.util.cache.Cache;
import org.ofclustering.cache.CacheEntryListener;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.ClusteredMap;

import javax.annotation.Nonnull;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Openfire's {@link Cache} over a {@link ClusteredMap}: every call is delegated; this class only
 * translates limits, the capacity unit (entities) and listener origins (node id strings become
 * {@link NodeID}s).
 */
public final class RedisCache<K extends Serializable, V extends Serializable> implements Cache<K, V> {
    private final ClusteredMap<K, V> map;
    private volatile String name;

    public RedisCache(ClusteredMap<K, V> map) {
        this.map = map;
        this.name = map.name();
    }

    /** The engine map behind this cache. */
    public ClusteredMap<K, V> map() {
        return map;
    }

    @Override
    public CapacityUnit getCapacityUnit() {
        return CapacityUnit.ENTITIES;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
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

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public V put(K key, V value) {
        return map.put(key, value);
    }

    @Override
    public V remove(Object key) {
        return map.remove(key);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        map.putAll(m);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return map.remove(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        return map.replace(key, value);
    }

    @Override
    public Collection<V> values() {
        return map.values();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return map.entrySet();
    }

    @Override
    public Set<K> keySet() {
        return map.keySet();
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

    @Override
    public String toString() {
        return "RedisCache[" + name + "]";
    }
}
