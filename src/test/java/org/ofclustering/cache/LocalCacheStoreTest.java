package org.ofclustering.cache;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalCacheStoreTest {
    @Test
    void keepsLiveObjectsAsTheyAre() {
        LocalCacheStore<String, Object> store = new LocalCacheStore<>(CacheLimits.NONE);
        Object socketLike = new Object(); // not serializable: never leaves the node
        assertNull(store.put("digest", socketLike));
        assertTrue(store.get("digest") == socketLike);
        assertEquals(1, store.hits());
        assertNull(store.get("other"));
        assertEquals(1, store.misses());
        assertEquals(Set.of("digest"), store.keySet());
        assertTrue(store.remove("digest") == socketLike);
        assertEquals(0, store.size());
    }

    @Test
    void entriesExpireAfterTheirLifetime() {
        AtomicLong nanos = new AtomicLong();
        LocalCacheStore<String, String> store = new LocalCacheStore<>(new CacheLimits(-1, 100), nanos::get);
        store.put("k", "v");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(99));
        assertEquals("v", store.get("k"));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertNull(store.get("k"));
        assertFalse(store.containsKey("k"));
        store.put("k2", "v");
        assertEquals(1, store.size());
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(0, store.size());
        assertEquals(Set.of(), store.keySet());
        assertNull(store.put("k2", "w"), "an expired previous value is not returned");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertNull(store.remove("k2"), "an expired value is not returned");
    }

    @Test
    void aWriteRestartsTheLifetimeAndReadsDoNot() {
        AtomicLong nanos = new AtomicLong();
        LocalCacheStore<String, String> store = new LocalCacheStore<>(new CacheLimits(-1, 100), nanos::get);
        store.put("k", "v1");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
        store.put("k", "v2");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
        assertEquals("v2", store.get("k"), "written 60 ms ago");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(40));
        assertNull(store.get("k"), "the read did not extend it");
    }

    @Test
    void staysWithinItsEntryLimitAndKeepsTheEntryInUse() {
        LocalCacheStore<String, String> store = new LocalCacheStore<>(new CacheLimits(2, -1));
        store.put("in use", "x");
        for (int i = 0; i < 20; i++) {
            assertEquals("x", store.get("in use"));
            store.put("once " + i, "y");
            assertTrue(store.size() <= 2, "size " + store.size() + " after write " + i);
        }
        assertEquals(2, store.size());
        assertTrue(store.containsKey("in use"), "kept: " + store.keySet());
    }

    @Test
    void changedLimitsApplyToTheEntriesAlreadyThere() {
        AtomicLong nanos = new AtomicLong();
        LocalCacheStore<String, String> store = new LocalCacheStore<>(CacheLimits.NONE, nanos::get);
        for (int i = 0; i < 5; i++) {
            store.put("k" + i, "v");
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(5, store.size(), "no lifetime, no limit");
        store.setLimits(new CacheLimits(3, -1));
        assertEquals(3, store.size());
        assertEquals(new CacheLimits(3, -1), store.limits());
        store.setLimits(new CacheLimits(3, 1000));
        assertEquals(3, store.size(), "written 500 ms ago, lifetime 1 s");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(0, store.size());
        store.setLimits(CacheLimits.NONE);
        store.put("again", "v");
        nanos.addAndGet(TimeUnit.DAYS.toNanos(365));
        assertEquals("v", store.get("again"), "limits off again");
    }

    @Test
    void countsHitsAndMissesOfLookUpsOnly() {
        LocalCacheStore<String, String> store = new LocalCacheStore<>(CacheLimits.NONE);
        assertNull(store.putIfAbsent("k", "v"));
        assertEquals("v", store.putIfAbsent("k", "w"));
        assertTrue(store.containsKey("k"));
        assertEquals("v", store.get("k"));
        assertNull(store.get("none"));
        assertEquals(1, store.hits());
        assertEquals(1, store.misses());
    }

    @Test
    void keyLocksAreReentrantAndExclusive() throws Exception {
        LocalCacheStore<String, Integer> store = new LocalCacheStore<>(CacheLimits.NONE);
        store.put("n", 0);
        Lock lock = store.getLock("n");
        lock.lock();
        lock.lock();
        lock.unlock();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            assertFalse(pool.submit(() -> store.getLock("n").tryLock()).get(), "still held once");
            lock.unlock();
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            Future<?>[] work = new Future<?>[4];
            for (int t = 0; t < 4; t++) {
                work[t] = pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Lock l = store.getLock("n");
                        l.lock();
                        try {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            store.put("n", store.get("n") + 1);
                            inside.decrementAndGet();
                        } finally {
                            l.unlock();
                        }
                    }
                });
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(0, overlaps.get());
            assertEquals(2000, store.get("n"));
        } finally {
            pool.shutdownNow();
        }
    }
}
