package org.ofclustering.cache;

import org.ofclustering.redis.KeySpace;

/**
 * The Redis keys of one cache, all under the cache's own hash tag
 * {@code ofc:{<cluster>:cache:<name>}} so every script over the cache touches one Redis Cluster slot:
 * <ul>
 *   <li>{@code :h} hash, encoded key → encoded value (the entries);</li>
 *   <li>{@code :t} sorted set, encoded key → time of its last write in ms (only when a limit applies);</li>
 *   <li>{@code :ev} stream of entry events;</li>
 *   <li>{@code :m} hash of metadata: {@code seq} (last event number), {@code lsn} (0 no events,
 *       1 events without values, 2 with values: the most any node asked for).</li>
 * </ul>
 */
final class CacheKeys {
    final String structure;
    final byte[] entries;
    final byte[] writeTimes;
    final byte[] events;
    final byte[] meta;
    final byte[][] scriptKeys;

    CacheKeys(KeySpace space, String cacheName) {
        this.structure = "cache:" + cacheName;
        this.entries = space.keyBytes(structure, "h");
        this.writeTimes = space.keyBytes(structure, "t");
        this.events = space.keyBytes(structure, "ev");
        this.meta = space.keyBytes(structure, "m");
        this.scriptKeys = new byte[][]{entries, writeTimes, events, meta};
    }

    byte[][] all() {
        return new byte[][]{entries, writeTimes, events, meta};
    }
}
