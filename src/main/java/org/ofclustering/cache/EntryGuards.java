package org.ofclustering.cache;

import org.ofclustering.lock.LockLabel;

/**
 * Which clustered entries a cluster lock guards: every writer of such an entry holds that lock,
 * or its write reaches this node as an entry event (docs/cache.md lists, for Openfire 5.0 and 5.1,
 * the writers that do not take the lock and how they are covered). While this node owns a lock,
 * a cache may serve the entries it guards from memory ({@link GuardedCopies}).
 */
public interface EntryGuards {
    /** Guards nothing: every read goes to Redis. */
    EntryGuards NONE = new EntryGuards() {
        @Override
        public boolean mayGuard(String cache) {
            return false;
        }

        @Override
        public boolean guards(LockLabel lock, String cache, Object key) {
            return false;
        }
    };

    /** Whether any lock guards entries of this cache (decided once per cache). */
    boolean mayGuard(String cache);

    /** Whether {@code lock} guards the entry {@code key} of {@code cache}. */
    boolean guards(LockLabel lock, String cache, Object key);
}
