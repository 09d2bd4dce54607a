package org.ofclustering.codec;

import java.util.Objects;

/**
 * How the codec decodes: which classes it may instantiate and how large a serialized object graph
 * may be. The limits protect a node from a corrupt or hostile stream (a huge array length, a deeply
 * nested graph) before any memory is allocated for it.
 *
 * @param allowList      classes that may be instantiated ({@code clustering.codec.allowedPackages} adds to the defaults)
 * @param maxDepth       deepest nesting of objects in one stream (a fixed engine setting, not a property)
 * @param maxReferences  most objects and handles in one stream (a fixed engine setting)
 * @param maxArrayLength longest array in one stream, in elements (a fixed engine setting)
 */
public record CodecSettings(ClassAllowList allowList, int maxDepth, long maxReferences, int maxArrayLength) {
    public static final int DEFAULT_MAX_DEPTH = 1000;
    public static final long DEFAULT_MAX_REFERENCES = 1_000_000;
    public static final int DEFAULT_MAX_ARRAY_LENGTH = 64 * 1024 * 1024;

    public CodecSettings {
        Objects.requireNonNull(allowList, "allowList");
        if (maxDepth < 1 || maxReferences < 1 || maxArrayLength < 1) {
            throw new IllegalArgumentException("codec limits must be positive: maxDepth=" + maxDepth
                    + ", maxReferences=" + maxReferences + ", maxArrayLength=" + maxArrayLength);
        }
    }

    /** The default allow-list and limits. */
    public static CodecSettings defaults() {
        return of(ClassAllowList.withDefaults(java.util.List.of()));
    }

    /** The given allow-list with the default limits. */
    public static CodecSettings of(ClassAllowList allowList) {
        return new CodecSettings(allowList, DEFAULT_MAX_DEPTH, DEFAULT_MAX_REFERENCES, DEFAULT_MAX_ARRAY_LENGTH);
    }
}
