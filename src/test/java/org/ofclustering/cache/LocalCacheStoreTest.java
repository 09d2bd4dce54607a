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
        AtomicLong now = new AtomicLong(1_000_000);
        LocalCacheStore<String, String> store = new LocalCacheStore<>(new CacheLimits(-1, 100), now::get);
        store.put("k", "v");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100) - 1);
        assertEquals("v", store.get("k"), "alive until its lifetime has passed");
        now.incrementAndGet();
        assertNull(store.get("k"));
        assertFalse(store.containsKey("k"));
        store.put("k2", "v");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(0, store.size());
        assertNull(store.put("k2", "w"), "an expired previous value is not returned");
    }

    @Test
    void theLeastRecentlyWrittenGoFirstOverTheLimit() {
        AtomicLong now = new AtomicLong();
        LocalCacheStore<String, String> store = new LocalCacheStore<>(new CacheLimits(2, -1), now::get);
        store.put("a", "1");
        now.incrementAndGet();
        store.put("b", "2");
        now.incrementAndGet();
        store.put("c", "3");
        assertEquals(Set.of("b", "c"), store.keySet());
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
