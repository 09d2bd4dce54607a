package org.ofclustering.lock;

/**
 * What a cluster lock is named after: the cache whose {@code getLock(key)} made it and that key.
 * Lets a cache decide which entries a held lock guards ({@code cache.EntryGuards}).
 */
public record LockLabel(String cache, Object key) {
}
