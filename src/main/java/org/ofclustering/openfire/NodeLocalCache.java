package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusteredCacheEntryListener;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.LocalCacheStore;

import javax.annotation.Nonnull;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Openfire's {@link org.jivesoftware.util.cache.Cache} kept on this node only, for "File Transfer" and "File Transfer Cache"
 * (they hold live SOCKS5 streams that cannot leave the node). Delegates to {@link LocalCacheStore};
 * like Openfire's own local caches it offers no clustered entry listeners.
 */
public final class NodeLocalCache<K extends Serializable, V extends Serializable> extends MapBackedCache<K, V> {
    /** Names of the Openfire caches that must stay node-local. */
    public static final Set<String> NODE_LOCAL_CACHE_NAMES = Set.of("File Transfer", "File Transfer Cache");

    private final LocalCacheStore<K, V> store;

    public NodeLocalCache(String name, CacheLimits limits) {
        this(name, new LocalCacheStore<>(limits));
    }

    private NodeLocalCache(String name, LocalCacheStore<K, V> store) {
        super(name, store);
        this.store = store;
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

    @Nonnull
    @Override
    public Lock getLock(K key) {
        return store.getLock(key);
    }

    /** Not supported, as for Openfire's local caches: nothing about this cache leaves the node. */
    @Override
    public String addClusteredCacheEntryListener(@Nonnull ClusteredCacheEntryListener<K, V> listener,
                                                 boolean includeValues, boolean includeEventsFromLocalNode) {
        throw new UnsupportedOperationException("cache '" + getName() + "' is node-local and has no clustered listeners");
    }

    @Override
    public void removeClusteredCacheEntryListener(@Nonnull String listenerId) {
        throw new UnsupportedOperationException("cache '" + getName() + "' is node-local and has no clustered listeners");
    }
}
