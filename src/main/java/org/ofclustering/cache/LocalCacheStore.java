package org.ofclustering.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * A cache that stays on this node: a Caffeine cache with an entry lifetime (after the last write),
 * an entry limit (Caffeine's size eviction), hit/miss counts, and a local re-entrant lock per key.
 * For the caches that hold live objects which must never leave the node (Openfire's "File
 * Transfer" and "File Transfer Cache" hold SOCKS5 socket streams). The views are snapshots.
 */
public final class LocalCacheStore<K, V> extends AbstractMap<K, V> {
    /** Caffeine's bounds when a limit is off: it can change a bound at run time only if built with one. */
    private static final long NO_SIZE_LIMIT = Long.MAX_VALUE;
    private static final long NO_LIFETIME_LIMIT = Long.MAX_VALUE;

    private final Cache<K, V> cache;
    private final ConcurrentMap<K, V> entries;
    private final ConcurrentHashMap<K, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
    private volatile CacheLimits limits;

    public LocalCacheStore(CacheLimits limits) {
        this(limits, Ticker.systemTicker());
    }

    /**
     * @param limits the entry limit and lifetime, changeable later with {@link #setLimits}
     * @param ticker time source of entry lifetimes, in nanoseconds (tests drive it by hand)
     */
    public LocalCacheStore(CacheLimits limits, Ticker ticker) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries(limits))
                .expireAfterWrite(lifetimeNanos(limits), TimeUnit.NANOSECONDS)
                .ticker(Objects.requireNonNull(ticker, "ticker"))
                // Evictions run in the writing thread, not later in a pool: size() is within the limit right after put.
                .executor(Runnable::run)
                .recordStats()
                .build();
        this.entries = cache.asMap();
    }

    public CacheLimits limits() {
        return limits;
    }

    public synchronized void setLimits(CacheLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        cache.policy().eviction().orElseThrow().setMaximum(maxEntries(limits));
        cache.policy().expireAfterWrite().orElseThrow().setExpiresAfter(lifetimeNanos(limits), TimeUnit.NANOSECONDS);
    }

    @Override
    @SuppressWarnings("unchecked") // a key of another type is looked up and missed, as by a HashMap
    public V get(Object key) {
        return cache.getIfPresent((K) Objects.requireNonNull(key, "key")); // counted, unlike asMap().get
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean containsValue(Object value) {
        return value != null && entries.containsValue(value);
    }

    @Override
    public V put(K key, V value) {
        return entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public V remove(Object key) {
        return entries.remove(Objects.requireNonNull(key, "key"));
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return entries.putIfAbsent(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean remove(Object key, Object value) {
        return entries.remove(Objects.requireNonNull(key, "key"), value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return entries.replace(Objects.requireNonNull(key, "key"), oldValue, Objects.requireNonNull(newValue, "newValue"));
    }

    @Override
    public V replace(K key, V value) {
        return entries.replace(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        map.forEach(this::put);
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public int size() {
        cache.cleanUp(); // Caffeine counts expired entries until its maintenance removes them
        return entries.size();
    }

    @Override
    public Set<K> keySet() {
        return Set.copyOf(entries.keySet());
    }

    @Override
    public Collection<V> values() {
        return List.copyOf(entries.values());
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entries.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).collect(Collectors.toSet());
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }

    /** A node-local re-entrant lock for one key; the lock object is released from memory when unused. */
    public Lock getLock(K key) {
        return new KeyLock(Objects.requireNonNull(key, "key"));
    }

    private static long maxEntries(CacheLimits limits) {
        return limits.bounded() ? limits.maxEntries() : NO_SIZE_LIMIT;
    }

    private static long lifetimeNanos(CacheLimits limits) {
        return limits.expiring() ? TimeUnit.MILLISECONDS.toNanos(limits.maxLifetimeMillis()) : NO_LIFETIME_LIMIT;
    }

    /** Looks up the shared lock of its key at each use; removes it from the map when nobody holds or waits for it. */
    private final class KeyLock implements Lock {
        private final K key;

        KeyLock(K key) {
            this.key = key;
        }

        private ReentrantLock current() {
            return keyLocks.computeIfAbsent(key, k -> new ReentrantLock());
        }

        @Override
        public void lock() {
            while (true) {
                ReentrantLock l = current();
                l.lock();
                if (keyLocks.get(key) == l) {
                    return;
                }
                l.unlock(); // removed by its last holder meanwhile: take the new one
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            while (true) {
                ReentrantLock l = current();
                l.lockInterruptibly();
                if (keyLocks.get(key) == l) {
                    return;
                }
                l.unlock();
            }
        }

        @Override
        public boolean tryLock() {
            ReentrantLock l = current();
            if (!l.tryLock()) {
                return false;
            }
            if (keyLocks.get(key) == l) {
                return true;
            }
            l.unlock();
            return false;
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(time);
            while (true) {
                ReentrantLock l = current();
                if (!l.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                if (keyLocks.get(key) == l) {
                    return true;
                }
                l.unlock();
            }
        }

        @Override
        public void unlock() {
            ReentrantLock l = keyLocks.get(key);
            if (l == null || !l.isHeldByCurrentThread()) {
                throw new IllegalMonitorStateException("the current thread does not hold the lock of this key");
            }
            if (l.getHoldCount() == 1 && !l.hasQueuedThreads()) {
                keyLocks.remove(key, l);
            }
            l.unlock();
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("cache key locks do not support conditions");
        }
    }
}
