package org.ofclustering.cache;

import org.ofclustering.codec.CodecException;
import org.ofclustering.codec.ObjectCodec;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared {@link ObjectCodec} as one cache uses it: errors name the cache and the class, nulls
 * are refused, and the first time a class is written its bytes are decoded once to prove that
 * other nodes can read them (allow-list, class loaders) before anything is stored.
 */
final class CacheCodec<K, V> {
    private final String cacheName;
    private final ObjectCodec codec;
    private final Set<Class<?>> verifiedClasses = ConcurrentHashMap.newKeySet();

    CacheCodec(String cacheName, ObjectCodec codec) {
        this.cacheName = cacheName;
        this.codec = codec;
    }

    byte[] key(Object key) {
        return encode(Objects.requireNonNull(key, "key"), "key");
    }

    byte[] value(Object value) {
        return encode(Objects.requireNonNull(value, "value"), "value");
    }

    @SuppressWarnings("unchecked")
    K decodeKey(byte[] bytes) {
        return (K) decode(bytes, "key");
    }

    @SuppressWarnings("unchecked")
    V decodeValue(byte[] bytes) {
        return (V) decode(bytes, "value");
    }

    private byte[] encode(Object o, String role) {
        try {
            byte[] bytes = codec.encode(o);
            if (!verifiedClasses.contains(o.getClass())) {
                codec.decode(bytes);
                verifiedClasses.add(o.getClass());
            }
            return bytes;
        } catch (CodecException e) {
            throw new CodecException("Cache '" + cacheName + "' cannot store a " + role + " of class "
                    + o.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private Object decode(byte[] bytes, String role) {
        if (bytes == null) {
            return null;
        }
        try {
            return codec.decode(bytes);
        } catch (CodecException e) {
            throw new CodecException("Cache '" + cacheName + "' holds a " + role + " that cannot be read: " + e.getMessage(), e);
        }
    }
}
