package org.ofclustering.cache;

/**
 * Receives the changes of a clustered cache made by any node, in the order they were applied.
 * Mirrors Openfire's {@code ClusteredCacheEntryListener}, with the origin as a node id string.
 * Values are null when the listener was added without values. Expiry is reported as eviction.
 */
public interface CacheEntryListener<K, V> {
    void entryAdded(K key, V newValue, String origin);

    void entryUpdated(K key, V oldValue, V newValue, String origin);

    void entryRemoved(K key, V oldValue, String origin);

    void entryEvicted(K key, V oldValue, String origin);

    void mapCleared(String origin);
}
