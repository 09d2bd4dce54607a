package org.ofclustering.cache;

/**
 * One change to a cache as it travels through the cache's event stream, still encoded.
 *
 * @param sequence per-cache sequence number (gap detection)
 * @param kind     what happened
 * @param origin   id of the node that made the change
 * @param key      encoded key, null for {@link Kind#CLEARED}
 * @param oldValue encoded previous value, null when absent or when no node asked for values
 * @param newValue encoded new value, null when absent or when no node asked for values
 */
public record EntryEvent(long sequence, Kind kind, String origin, byte[] key, byte[] oldValue, byte[] newValue) {
    /** Kinds of change, with their one-letter code in the stream. */
    public enum Kind {
        ADDED('A'), UPDATED('U'), REMOVED('R'), EVICTED('E'), CLEARED('C');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown entry event kind '" + code + "'");
        }
    }
}
