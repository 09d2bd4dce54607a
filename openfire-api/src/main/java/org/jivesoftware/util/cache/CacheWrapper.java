// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

import org.jivesoftware.openfire.cluster.ClusteredCacheEntryListener;

import javax.annotation.Nonnull;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

public class CacheWrapper<K extends Serializable, V extends Serializable> implements Cache<K, V> {
    CacheWrapper(final Cache<K, V> cache) {
        throw new UnsupportedOperationException();
    }

    public Cache<K, V> getWrappedCache() { throw new UnsupportedOperationException(); }
    @Override public String getName() { throw new UnsupportedOperationException(); }
    @Override public void setName(String name) { throw new UnsupportedOperationException(); }
    @Override public long getMaxCacheSize() { throw new UnsupportedOperationException(); }
    @Override public void setMaxCacheSize(long maxSize) { throw new UnsupportedOperationException(); }
    @Override public long getMaxLifetime() { throw new UnsupportedOperationException(); }
    @Override public void setMaxLifetime(long maxLifetime) { throw new UnsupportedOperationException(); }
    @Override public long getLongCacheSize() { throw new UnsupportedOperationException(); }
    @Override public long getCacheHits() { throw new UnsupportedOperationException(); }
    @Override public long getCacheMisses() { throw new UnsupportedOperationException(); }
    @Override public int size() { throw new UnsupportedOperationException(); }
    @Override public boolean isEmpty() { throw new UnsupportedOperationException(); }
    @Override public boolean containsKey(Object key) { throw new UnsupportedOperationException(); }
    @Override public boolean containsValue(Object value) { throw new UnsupportedOperationException(); }
    @Override public V get(Object key) { throw new UnsupportedOperationException(); }
    @Override public V put(K key, V value) { throw new UnsupportedOperationException(); }
    @Override public V remove(Object key) { throw new UnsupportedOperationException(); }
    @Override public void putAll(Map<? extends K, ? extends V> m) { throw new UnsupportedOperationException(); }
    @Override public void clear() { throw new UnsupportedOperationException(); }
    @Override public Set<K> keySet() { throw new UnsupportedOperationException(); }
    @Override public Collection<V> values() { throw new UnsupportedOperationException(); }
    @Override public Set<Map.Entry<K, V>> entrySet() { throw new UnsupportedOperationException(); }
    @Override @Nonnull public Lock getLock(K key) { throw new UnsupportedOperationException(); }
    @Override public String addClusteredCacheEntryListener(@Nonnull ClusteredCacheEntryListener<K, V> listener, boolean includeValues, boolean includeEventsFromLocalNode) { throw new UnsupportedOperationException(); }
    @Override public void removeClusteredCacheEntryListener(@Nonnull String listenerId) { throw new UnsupportedOperationException(); }
}
