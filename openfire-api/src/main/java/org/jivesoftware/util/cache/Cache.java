// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

import org.jivesoftware.openfire.cluster.ClusteredCacheEntryListener;

import javax.annotation.Nonnull;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

public interface Cache<K extends Serializable, V extends Serializable> extends Map<K, V> {
    enum CapacityUnit {
        BYTES,
        ENTITIES,
    }

    default CapacityUnit getCapacityUnit() {
        return null;
    }

    String getName();
    void setName(String name);
    long getMaxCacheSize();
    void setMaxCacheSize(long maxSize);

    default String getMaxCacheSizeRemark() {
        return null;
    }

    long getMaxLifetime();
    void setMaxLifetime(long maxLifetime);
    long getLongCacheSize();

    default String getCacheSizeRemark() {
        return null;
    }

    long getCacheHits();
    long getCacheMisses();

    Collection<V> values();
    @Override
    Set<Entry<K, V>> entrySet();
    @Override
    Set<K> keySet();

    @Nonnull
    Lock getLock(final K key);

    AtomicBoolean secretKey = new AtomicBoolean(false);
    AtomicBoolean secretValue = new AtomicBoolean(false);

    default void setSecretKey() {
        this.secretKey.set(true);
    }

    default void setSecretValue() {
        this.secretValue.set(true);
    }

    default boolean isKeySecret() {
        return this.secretKey.get();
    }

    default boolean isValueSecret() {
        return this.secretValue.get();
    }

    String addClusteredCacheEntryListener(@Nonnull final ClusteredCacheEntryListener<K, V> listener, final boolean includeValues, final boolean includeEventsFromLocalNode);
    void removeClusteredCacheEntryListener(@Nonnull final String listenerId);
}
