package org.ofclustering.admin;

import java.util.Objects;

/**
 * One cache as seen from one node.
 *
 * @param name              the cache name, e.g. "Routing Users Cache"
 * @param entries           number of entries
 * @param sizeBytes         estimated size in bytes, or -1 when unknown
 * @param hits              lookups that found an entry
 * @param misses            lookups that found nothing
 * @param maxSize           size limit in {@code maxSizeUnit}, or -1 for no limit
 * @param maxSizeUnit       what {@code maxSize} counts
 * @param maxLifetimeMillis lifetime limit of an entry, or -1 for no limit
 * @param clustered         the cache is shared by the cluster (false: node-local)
 */
public record CacheStatus(String name, long entries, long sizeBytes, long hits, long misses, long maxSize,
                          SizeUnit maxSizeUnit, long maxLifetimeMillis, boolean clustered) {
    /** What a cache size limit counts. */
    public enum SizeUnit { BYTES, ENTRIES }

    public CacheStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(maxSizeUnit, "maxSizeUnit");
    }

    /** Share of lookups that found an entry, from 0 to 1, or -1 when there was no lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups <= 0 ? -1 : (double) hits / lookups;
    }
}
