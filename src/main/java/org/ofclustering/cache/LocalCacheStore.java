package org.ofclustering.cache;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A cache that stays on this node: a concurrent map with an entry lifetime, an entry limit (least
 * recently written entries go first), hit/miss counts and a local re-entrant lock per key. For the
 * caches that hold live objects which must never leave the node (Openfire's "File Transfer" and
 * "File Transfer Cache" hold SOCKS5 socket streams). The views are snapshots.
 */
public final class LocalCacheStore<K, V> extends AbstractMap<K, V> {
    private record Stamped<V>(V value, long writtenNanos) {
    }

    private final ConcurrentHashMap<K, Stamped<V>> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<K, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final LongSupplier nanoTime;
    private volatile CacheLimits limits;

    public LocalCacheStore(CacheLimits limits) {
        this(limits, System::nanoTime);
    }

    /** With the clock that stamps and ages entries, in nanoseconds (tests move it by hand). */
    LocalCacheStore(CacheLimits limits, LongSupplier nanoTime) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public CacheLimits limits() {
        return limits;
    }

    public void setLimits(CacheLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public V get(Object key) {
        Stamped<V> s = live(key);
        (s == null ? misses : hits).incrementAndGet();
        return s == null ? null : s.value();
    }

    @Override
    public boolean containsKey(Object key) {
        return live(key) != null;
    }

    @Override
    public boolean containsValue(Object value) {
        purgeExpired();
        return entries.values().stream().anyMatch(s -> s.value().equals(value));
    }

    @Override
    public V put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Stamped<V> old = entries.put(key, new Stamped<>(value, nanoTime.getAsLong()));
        enforceLimit();
        return old == null || expired(old) ? null : old.value();
    }

    @Override
    public V remove(Object key) {
        Stamped<V> old = entries.remove(Objects.requireNonNull(key, "key"));
        return old == null || expired(old) ? null : old.value();
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        map.forEach(this::put);
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public int size() {
        purgeExpired();
        return entries.size();
    }

    @Override
    public Set<K> keySet() {
        purgeExpired();
        return Set.copyOf(entries.keySet());
    }

    @Override
    public Collection<V> values() {
        purgeExpired();
        return entries.values().stream().map(Stamped::value).toList();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        purgeExpired();
        return entries.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().value())).collect(Collectors.toSet());
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** A node-local re-entrant lock for one key; the lock object is released from memory when unused. */
    public Lock getLock(K key) {
        return new KeyLock(Objects.requireNonNull(key, "key"));
    }

    private Stamped<V> live(Object key) {
        Stamped<V> s = entries.get(Objects.requireNonNull(key, "key"));
        if (s != null && expired(s)) {
            entries.remove(key, s);
            return null;
        }
        return s;
    }

    private boolean expired(Stamped<V> s) {
        long life = limits.maxLifetimeMillis();
        return life > 0 && nanoTime.getAsLong() - s.writtenNanos() >= TimeUnit.MILLISECONDS.toNanos(life);
    }

    private void purgeExpired() {
        if (limits.expiring()) {
            entries.entrySet().removeIf(e -> expired(e.getValue()));
        }
    }

    private void enforceLimit() {
        long max = limits.maxEntries();
        while (max > 0 && entries.size() > max) {
            entries.entrySet().stream()
                    .min((a, b) -> Long.compare(a.getValue().writtenNanos(), b.getValue().writtenNanos()))
                    .ifPresent(oldest -> entries.remove(oldest.getKey(), oldest.getValue()));
        }
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
