package org.ofclustering.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call sites whose locked section is known to be exactly one atomic read of one clustered
 * entry and nothing else ({@code lock(); try { return cache.get(k); } finally { unlock(); }}), named
 * {@code <class>#<method>} of the method that calls {@code lock()}.
 *
 * <p><b>Why such a section needs no cluster lock.</b> Its only effect is one read that Redis
 * executes atomically at one instant t. Every other section on the same lock either completed its
 * writes to that entry before t (the read sees them) or wrote after t (it does not), exactly as if
 * the single-read section had run, as a whole, at t, between them. Writes by the lock's owner reach
 * Redis before they return ({@code ClusteredMap}), so t sees every completed section. Hence
 * running it without the lock is indistinguishable from running it under the lock, and it does
 * not take the lock from its owner (for Openfire's route lookup of a user on another node, that
 * would move the user's lock to the sender's node and back with every message).
 *
 * <p><b>Read-only sites</b> are a second list: sections that only read, several entries, in an order
 * chosen against the writers so that each entry is seen wholly before or wholly after any
 * concurrent writer's section (core's {@code getRoutes} reads the user's session list, then each
 * session's route, while {@code addClientRoute} and {@code removeClientRoute} write the route first and
 * the list second: a session is either missed, as just before it was added, or found with its
 * route; a departing one is either found whole or skipped, as just after it left). Such a section
 * may read any number of times without the lock; a write first acquires the lock for real.
 *
 * <p><b>Enforcement.</b> The list is verified against the Openfire versions the plugin supports
 * (docs/cache.md lists the methods). At run time {@link ClusterLocks} lets such a section do one
 * read without the lock; any further cache operation of the section first acquires the lock for
 * real (so exclusion holds from there on), and the call site is reported once and removed from
 * the list for the rest of the run.
 */
public final class SingleReadSites {
    private static final Logger Log = LoggerFactory.getLogger(SingleReadSites.class);
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Set<String> LOCK_CLASSES = Set.of(SingleReadSites.class.getName(), ClusterLocks.class.getName(),
            ClusterLock.class.getName());

    private final Set<String> sites = ConcurrentHashMap.newKeySet();
    private final Set<String> readOnly;

    public SingleReadSites(Set<String> classAndMethod) {
        this(classAndMethod, Set.of());
    }

    /**
     * @param singleRead sites whose section is one read
     * @param readOnly   sites whose section only reads, in a writer-consistent order (see the class comment)
     */
    public SingleReadSites(Set<String> singleRead, Set<String> readOnly) {
        sites.addAll(singleRead);
        sites.addAll(readOnly);
        this.readOnly = Set.copyOf(readOnly);
    }

    public static SingleReadSites none() {
        return new SingleReadSites(Set.of());
    }

    /** Whether a listed site may read more than once without the lock. */
    boolean readOnly(String site) {
        return readOnly.contains(site);
    }

    public boolean isEmpty() {
        return sites.isEmpty();
    }

    /** The listed site that called {@code lock()} on the calling thread, or null when the caller is not listed. */
    String callerIfListed() {
        if (sites.isEmpty()) {
            return null;
        }
        String caller = WALKER.walk(frames -> frames
                .filter(f -> !LOCK_CLASSES.contains(f.getClassName()))
                .findFirst()
                .map(f -> f.getClassName() + "#" + f.getMethodName())
                .orElse(null));
        return caller != null && sites.contains(caller) ? caller : null;
    }

    /** A listed site did more than it may (a second read, or a write): it is taken off the list and reported once. */
    void violated(String site, String what) {
        if (sites.remove(site)) {
            Log.warn("The locked section at {} made {} without the lock; it now always takes the cluster lock. "
                    + "Report this Openfire version to the plugin's maintainers.", site, what);
        }
    }
}
