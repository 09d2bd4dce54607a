package org.ofclustering.openfire;

import org.ofclustering.cache.EntryGuards;
import org.ofclustering.lock.LockLabel;
import org.ofclustering.lock.SingleReadSites;

import java.util.Set;

/**
 * What Openfire core's bare-JID locks guard, and its route lookups that are one read (checked for
 * Openfire 5.0.5 and 5.1.1; docs/cache.md has the table of every writer).
 *
 * <p>{@code RoutingTableImpl} takes {@code usersSessionsCache.getLock(bareJID)} around every write
 * of "Routing User Sessions"[bareJID] and of "Routing Users Cache"[bareJID/resource]
 * ({@code addClientRoute}, {@code removeClientRoute}). The writers that do not take it run on a
 * cluster change (the senior member removing a departed node's routes, a node re-adding its own
 * routes when it joins): their writes reach every other node as entry events, which drop the
 * copies ({@link EntryGuards}).
 */
public final class RoutingEntryGuards implements EntryGuards {
    static final String USER_SESSIONS = "Routing User Sessions";
    static final String USERS = "Routing Users Cache";

    /** Core's route lookups that are {@code lock(bare); return usersCache.get/containsKey(full); unlock}. */
    public static final Set<String> SINGLE_READ_SITES = Set.of(
            "org.jivesoftware.openfire.spi.RoutingTableImpl#getClientRouteForLocalUser",
            "org.jivesoftware.openfire.spi.RoutingTableImpl#hasClientRoute");

    /**
     * Core's lookup of a bare JID's resources: {@code lock(bare); sessions = usersSessionsCache.get(bare);
     * for each: usersCache.get(full); unlock}. It reads the list before the routes, while the writers
     * under the same lock write the route before the list ({@code addClientRoute}) and remove the route
     * before the list ({@code removeClientRoute}), identical in 5.0.5 and 5.1.1.
     */
    public static final Set<String> READ_ONLY_SITES = Set.of(
            "org.jivesoftware.openfire.spi.RoutingTableImpl#getRoutes");

    /** {@link #SINGLE_READ_SITES} and {@link #READ_ONLY_SITES} for the engine's locks. */
    public static SingleReadSites singleReadSites() {
        return new SingleReadSites(SINGLE_READ_SITES, READ_ONLY_SITES);
    }

    @Override
    public boolean mayGuard(String cache) {
        return USER_SESSIONS.equals(cache) || USERS.equals(cache);
    }

    @Override
    public boolean guards(LockLabel lock, String cache, Object key) {
        if (!USER_SESSIONS.equals(lock.cache()) || !(lock.key() instanceof String bare) || !(key instanceof String entry)) {
            return false;
        }
        if (USER_SESSIONS.equals(cache)) {
            return entry.equals(bare);
        }
        return USERS.equals(cache) && entry.length() > bare.length() && entry.charAt(bare.length()) == '/' && entry.startsWith(bare);
    }
}
