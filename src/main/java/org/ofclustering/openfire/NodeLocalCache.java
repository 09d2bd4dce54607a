package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusteredCacheEntryListener;
import org.jivesoftware.util.cache.Cache;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.LocalCacheStore;

import javax.annotation.Nonnull;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Openfire's {@link Cache} kept on this node only, for "File Transfer" and "File Transfer Cache"
 * (they hold live SOCKS5 streams that cannot leave the node). Delegates to {@link LocalCacheStore};
 * like Openfire's own local caches it offers no clustered entry listeners.
 */
public final class NodeLocalCache<K extends Serializable, V extends Serializable> implements Cache<K, V> {
    /** Names of the Openfire caches that must stay node-local. */
    public static final Set<String> NODE_LOCAL_CACHE_NAMES = Set.of("File Transfer", "File Transfer Cache");

    private final LocalCacheStore<K, V> store;
    private volatile String name;

    public NodeLocalCache(String name, CacheLimits limits) {
        this.name = name;
        this.store = new LocalCacheStore<>(limits);
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
        return store.limits().maxEntries();
    }

    @Override
    public void setMaxCacheSize(long maxSize) {
        store.setLimits(new CacheLimits(maxSize, store.limits().maxLifetimeMillis()));
    }

    @Override
    public long getMaxLifetime() {
        return store.limits().maxLifetimeMillis();
    }

    @Override
    public void setMaxLifetime(long maxLifetime) {
        store.setLimits(new CacheLimits(store.limits().maxEntries(), maxLifetime));
    }

    @Override
    public long getLongCacheSize() {
        return store.size();
    }

    @Override
    public long getCacheHits() {
        return store.hits();
    }

    @Override
    public long getCacheMisses() {
        return store.misses();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public boolean isEmpty() {
        return store.size() == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return store.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return store.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return store.get(key);
    }

    @Override
    public V put(K key, V value) {
        return store.put(key, value);
    }

    @Override
    public V remove(Object key) {
        return store.remove(key);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        store.putAll(m);
    }

    @Override
    public void clear() {
        store.clear();
    }

    @Override
    public Collection<V> values() {
        return store.values();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return store.entrySet();
    }

    @Override
    public Set<K> keySet() {
        return store.keySet();
    }

    @Nonnull
    @Override
    public Lock getLock(K key) {
        return store.getLock(key);
    }

    /** Not supported, as for Openfire's local caches: nothing about this cache leaves the node. */
    @Override
    public String addClusteredCacheEntryListener(@Nonnull ClusteredCacheEntryListener<K, V> listener,
                                                 boolean includeValues, boolean includeEventsFromLocalNode) {
        throw new UnsupportedOperationException("cache '" + name + "' is node-local and has no clustered listeners");
    }

    @Override
    public void removeClusteredCacheEntryListener(@Nonnull String listenerId) {
        throw new UnsupportedOperationException("cache '" + name + "' is node-local and has no clustered listeners");
    }
}
