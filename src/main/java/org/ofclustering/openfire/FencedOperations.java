package org.ofclustering.openfire;

import java.io.Serializable;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;
import org.jivesoftware.util.cache.CacheWrapper;
import org.ofclustering.lock.ClusterLockLostException;
import org.ofclustering.lock.ClusterLocks;
import org.ofclustering.lock.NodeFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What becomes of a clustered write or read that a fence refused, so that a Redis restart or
 * fail-over never throws into Openfire's stanza handling (core closes a client's connection on an
 * exception from its routing, and logs the stanza as failed). Reads are refused only while the
 * node is fenced or its lease is unconfirmed after a lost Redis connection.
 * <ul>
 *   <li>The node now runs standalone, or has rejoined and core already uses another cache object
 *       under this name: the write goes to the cache core uses now (found through
 *       {@link CacheFactory#getAllCaches()}), i.e. the node's local state, which core publishes
 *       to the cluster again when the node rejoins.</li>
 *   <li>The node is a member again and core still uses this cache: the write is made once more
 *       under the new membership period.</li>
 *   <li>A lock of the writing section was lost while the node stayed a member (Redis lost the lock
 *       in a fail-over): core's sections cannot be restarted, so the lock is owned again (waiting for
 *       the other node's hand-over as {@code lock()} does) and the write made then.</li>
 * </ul>
 * Anything else (still fenced after the bound of {@code MemberFence#transitionWait}) is thrown.
 */
final class FencedOperations {
    private static final Logger Log = LoggerFactory.getLogger(FencedOperations.class);

    private FencedOperations() {
    }

    /**
     * Runs {@code here} (the operation on {@code self}); on a fence refusal, redirects or repeats it
     * as described in the class comment ({@code elsewhere} runs the same operation on another cache).
     */
    static <K extends Serializable, V extends Serializable, T> T run(
            Cache<K, V> self, ClusterLocks locks, Supplier<T> here, Function<Cache<K, V>, T> elsewhere) {
        try {
            return here.get();
        } catch (NodeFencedException e) {
            Cache<K, V> current = currentCache(self.getName());
            if (current != null && current != self) {
                Log.debug("An operation on cache '{}' refused by a fence goes to the cache Openfire uses now ({})",
                        self.getName(), e.standalone() ? "standalone" : "rejoined");
                return elsewhere.apply(current);
            }
            if (!e.standalone() && locks.fence().mayAct()) {
                return here.get(); // a member again, core still on this cache: write under the new period
            }
            throw e;
        } catch (ClusterLockLostException e) {
            Log.info("A cluster lock of a section writing cache '{}' was lost (Redis lost it); owning it again before the write",
                    self.getName());
            locks.reownHolds();
            return here.get();
        }
    }

    /** The cache core's wrapper of this name delegates to now; null when core has no such cache. */
    @SuppressWarnings("unchecked")
    private static <K extends Serializable, V extends Serializable> Cache<K, V> currentCache(String name) {
        for (Cache<?, ?> c : CacheFactory.getAllCaches()) {
            if (c instanceof CacheWrapper<?, ?> w && name.equals(w.getName())) {
                return (Cache<K, V>) w.getWrappedCache();
            }
        }
        return null;
    }
}
