package org.ofclustering.cache;

import org.ofclustering.lock.ClusterLocks;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies of one cache's entries made while this node owned the lock that guards them
 * ({@link EntryGuards}): exact, because every writer of such an entry either holds that lock (on
 * this node: it updates the copy; elsewhere: it must first take the lock away, which ends the
 * ownership the copy belongs to) or is seen as an entry event from another node (which drops the
 * copy). A copy is used only under the same ownership it was made under
 * ({@link ClusterLocks.Guard#sameOwnership}); a hand-over, a fence or a rejoin voids it.
 *
 * <p>A fill is kept only if no invalidation happened between the start of its read and the fill
 * (a version counter), so a write by a thread that does not hold the lock is never overtaken.
 * Values are kept encoded and decoded per read: callers may mutate what they get.
 */
final class GuardedCopies {
    private record Copy(byte[] value, ClusterLocks.Guard guard) {
    }

    private final ConcurrentHashMap<ByteBuffer, Copy> copies = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final int maxEntries;

    GuardedCopies(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Whether a copy made under the same ownership as {@code g} exists; its value is {@link #value}. */
    boolean has(ByteBuffer key, ClusterLocks.Guard g) {
        Copy c = copies.get(key);
        return c != null && g.sameOwnership(c.guard);
    }

    /** The copied value (null: the entry was absent), after {@link #has} said there is one. */
    byte[] value(ByteBuffer key) {
        Copy c = copies.get(key);
        return c == null ? null : c.value;
    }

    /** Version to pass to {@link #fill} for a read that starts now. */
    long version() {
        return version.get();
    }

    /** Keeps what a read under {@code g} returned, unless the entry was invalidated since the read began. */
    void fill(ByteBuffer key, byte[] value, ClusterLocks.Guard g, long versionBeforeRead) {
        if (version.get() != versionBeforeRead) {
            return;
        }
        store(key, value, g);
        if (version.get() != versionBeforeRead) {
            copies.remove(key);
        }
    }

    /** What a write under {@code g} left in Redis (null: the entry is now absent). */
    void written(ByteBuffer key, byte[] value, ClusterLocks.Guard g) {
        version.incrementAndGet();
        store(key, value, g);
    }

    void invalidate(ByteBuffer key) {
        version.incrementAndGet();
        copies.remove(key);
    }

    void clear() {
        version.incrementAndGet();
        copies.clear();
    }

    int size() {
        return copies.size();
    }

    private void store(ByteBuffer key, byte[] value, ClusterLocks.Guard g) {
        if (copies.size() >= maxEntries) {
            // Copies of ownerships that ended are garbage; dropping all is cheap and rare.
            copies.clear();
        }
        copies.put(key, new Copy(value, g));
    }
}
