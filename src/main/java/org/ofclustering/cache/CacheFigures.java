package org.ofclustering.cache;

/**
 * The figures of one cache on one node, as the admin pages show them.
 *
 * @param cacheName    cache name
 * @param entries      number of entries
 * @param size         size in {@code capacityUnit}
 * @param maxSize      limit in {@code capacityUnit}, 0 or less for none
 * @param maxLifetime  entry lifetime in milliseconds, 0 or less for none
 * @param hits         reads on this node that found a value
 * @param misses       reads on this node that found none
 * @param capacityUnit {@code ENTITIES} or {@code BYTES}
 */
public record CacheFigures(String cacheName, long entries, long size, long maxSize, long maxLifetime,
                           long hits, long misses, String capacityUnit) {
    String encode() {
        return entries + ";" + size + ";" + maxSize + ";" + maxLifetime + ";" + hits + ";" + misses + ";" + capacityUnit;
    }

    static CacheFigures decode(String cacheName, String text) {
        String[] p = text.split(";", -1);
        if (p.length != 7) {
            throw new IllegalArgumentException("malformed cache figures for '" + cacheName + "': " + text);
        }
        return new CacheFigures(cacheName, Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]),
                Long.parseLong(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]), p[6]);
    }
}
