package org.ofclustering.cache;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} views of a {@link ClusteredMap}:
 * live views backed by Redis, iterated page by page, returning the original key and value types.
 * Removing through a view or its iterator removes from the cache; {@code Entry.setValue} writes
 * through.
 */
final class CacheViews {
    private CacheViews() {
    }

    /** Decodes the raw pages; {@code remove()} deletes the last key returned. */
    private static final class Decoding<K, V, T> implements Iterator<T> {
        private final ClusteredMap<K, V> map;
        private final Iterator<Map.Entry<byte[], byte[]>> raw;
        private final BiFunction<K, V, T> shape;
        private final boolean needsValue;
        private K last;

        Decoding(ClusteredMap<K, V> map, BiFunction<K, V, T> shape, boolean needsValue) {
            this.map = map;
            this.raw = map.rawEntries();
            this.shape = shape;
            this.needsValue = needsValue;
        }

        @Override
        public boolean hasNext() {
            return raw.hasNext();
        }

        @Override
        public T next() {
            Map.Entry<byte[], byte[]> e = raw.next();
            last = map.codec().decodeKey(e.getKey());
            return shape.apply(last, needsValue ? map.codec().decodeValue(e.getValue()) : null);
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() has not returned an element to remove");
            }
            map.remove(last);
            last = null;
        }
    }

    static final class Keys<K, V> extends AbstractSet<K> {
        private final ClusteredMap<K, V> map;

        Keys(ClusteredMap<K, V> map) {
            this.map = map;
        }

        @Override
        public Iterator<K> iterator() {
            return new Decoding<>(map, (k, v) -> k, false);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && map.containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return o != null && map.remove(o) != null;
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    static final class Values<K, V> extends AbstractCollection<V> {
        private final ClusteredMap<K, V> map;

        Values(ClusteredMap<K, V> map) {
            this.map = map;
        }

        @Override
        public Iterator<V> iterator() {
            return new Decoding<>(map, (k, v) -> v, true);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    static final class Entries<K, V> extends AbstractSet<Map.Entry<K, V>> {
        private final ClusteredMap<K, V> map;

        Entries(ClusteredMap<K, V> map) {
            this.map = map;
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new Decoding<>(map, (k, v) -> new WriteThroughEntry<>(map, k, v), true);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null) {
                return false;
            }
            return Objects.equals(map.get(e.getKey()), e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                    && map.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    private static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
        private final transient ClusteredMap<K, V> map;

        WriteThroughEntry(ClusteredMap<K, V> map, K key, V value) {
            super(key, value);
            this.map = map;
        }

        @Override
        public V setValue(V value) {
            map.put(getKey(), value);
            return super.setValue(value);
        }
    }
}
