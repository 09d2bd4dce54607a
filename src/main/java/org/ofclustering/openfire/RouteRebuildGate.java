package org.ofclustering.openfire;

import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Holds a user's incoming messages and presences for a moment while this node's routes are known
 * to be incomplete, so that Openfire does not take a user of another node for offline and store or
 * bounce what is meant for them. That is the case while Redis is unreachable or has not yet
 * confirmed this node's lease after a lost connection (it may have restarted empty), while the node is
 * fenced or runs standalone, and after it rejoined until every node it knew before the fence has
 * restored its own users' routes (each announces that with Openfire's "new member" task, sent once
 * its rejoin is done; a node that does not come back within the grace is no longer waited for).
 *
 * <p>A Redis restart without its data fences every node at once and empties the routing caches;
 * each node puts its own users back when it rejoins, which takes about a second.
 *
 * <p>Stanzas of one stream wait on that stream's thread, so their order is kept. A closed spell
 * that outlasts {@link #HOLD} is an outage, not a moment, and stanzas pass without waiting until
 * the gate has opened again. Redis coming back starts a new spell (the rebuild), so a stanza waits
 * at most {@link #HOLD} for Redis and {@link #HOLD} more for the routes.
 */
final class RouteRebuildGate implements PacketInterceptor {
    private static final Logger Log = LoggerFactory.getLogger(RouteRebuildGate.class);
    /** The longest a stanza is held; also how long a node that knew us before a fence may take to restore. */
    static final Duration HOLD = Duration.ofSeconds(5);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The name of Openfire's cluster-event thread ({@code ClusterManager}'s dispatcher). */
    static final String OPENFIRE_EVENT_THREAD = "ClusterManager events dispatcher";

    private final BooleanSupplier redisReachable;
    private final BooleanSupplier memberInOpenfire;
    private final Predicate<Thread> caughtInFence;
    /** Nodes this node expects to restore their routes, with the nanoTime it stops waiting for each. */
    private final Map<String, Long> awaited = new ConcurrentHashMap<>();
    /** When each node last announced a (re)join, nanoTime. */
    private final Map<String, Long> announced = new ConcurrentHashMap<>();
    /** Threads routing a user's stanza that passed the gate (until core's "processed" call): when it passed, and to whom. */
    private final Map<Thread, Routing> routing = new ConcurrentHashMap<>();
    private final Predicate<JID> recipientHere;
    private volatile long closedSince = Long.MIN_VALUE;
    private volatile boolean reachableInSpell;
    private volatile boolean outageLogged;

    /**
     * @param redisReachable   whether the Redis connection is up
     * @param memberInOpenfire whether Openfire runs on this node's clustered caches (joined, rebuilt)
     */
    RouteRebuildGate(BooleanSupplier redisReachable, BooleanSupplier memberInOpenfire) {
        this(redisReachable, memberInOpenfire, t -> false, jid -> true);
    }

    private record Routing(long sinceNanos, JID to) {
    }

    /**
     * @param caughtInFence whether a thread waits in the membership fence (it can go on only after
     *                      this node left on Openfire's side, so a leave does not wait for it)
     * @param recipientHere whether a user has a session on this node (asked only for a thread
     *                      caught in a fence, see {@link #routesToAnotherNode})
     */
    RouteRebuildGate(BooleanSupplier redisReachable, BooleanSupplier memberInOpenfire, Predicate<Thread> caughtInFence,
                     Predicate<JID> recipientHere) {
        this.redisReachable = redisReachable;
        this.memberInOpenfire = memberInOpenfire;
        this.caughtInFence = caughtInFence;
        this.recipientHere = recipientHere;
    }

    /** Another node announced that it (re)joined and restored its routes. */
    void announced(String nodeId) {
        announced.put(nodeId, System.nanoTime());
        awaited.remove(nodeId);
    }

    /**
     * This node rejoined after a fence that began at {@code fencedAtNanos}: wait for the nodes it
     * knew then, unless they announced a rejoin since.
     */
    void rejoined(Collection<String> knownBeforeFence, long fencedAtNanos) {
        long until = System.nanoTime() + HOLD.toNanos();
        for (String node : knownBeforeFence) {
            Long at = announced.get(node);
            if (at == null || at - fencedAtNanos < 0) {
                awaited.put(node, until);
            }
        }
    }

    /** A node left: there is nothing to wait for from it. */
    void departed(String nodeId) {
        awaited.remove(nodeId);
    }

    /** Whether this node still waits for {@code nodeId} to restore its users' routes. */
    boolean awaits(String nodeId) {
        Long until = awaited.get(nodeId);
        return until != null && System.nanoTime() - until < 0;
    }

    /**
     * Whether {@code thread} routes a user's stanza, passed the gate, to a user who is not
     * connected to this node. Caught in a fence, such a stanza waits for the rejoin: standalone,
     * its recipient would look offline. One for a user of this node goes on standalone, where the
     * recipient's route is (and it may hold that user's lock, which the rejoin needs).
     */
    boolean routesToAnotherNode(Thread thread) {
        Routing r = routing.get(thread);
        if (r == null || r.to() == null || r.to().getNode() == null) {
            return false;
        }
        try {
            return !recipientHere.test(r.to());
        } catch (RuntimeException e) {
            Log.debug("Could not tell whether {} is connected here: {}", r.to(), e.toString());
            return false;
        }
    }

    /** Whether the routes are complete now: the gate would let a stanza pass. */
    boolean routesComplete() {
        return redisReachable.getAsBoolean() && memberInOpenfire.getAsBoolean() && nothingAwaited();
    }

    /** Which nodes are still awaited (for the log and tests). */
    Set<String> awaited() {
        return Set.copyOf(awaited.keySet());
    }

    /**
     * Waits, at most {@code bound}, until the users' stanzas that passed the gate before now are
     * routed. Called before this node leaves the cluster on Openfire's side: core switches
     * {@code CacheFactory} to local first, so a stanza that had just looked up another node's
     * user would fail on its way there ("Cluster service is not available") and be stored offline.
     * Stanzas caught in the fence itself cannot finish before the leave and are not waited for;
     * those waiting for Redis (a fail-over in progress) are, up to the bound.
     *
     * @return how many were still being routed when the bound passed
     */
    int awaitRouted(Duration bound) {
        long now = System.nanoTime();
        Map<Thread, Routing> before = new HashMap<>();
        routing.forEach((thread, r) -> {
            if (r.sinceNanos() - now <= 0) {
                before.put(thread, r);
            }
        });
        long deadline = now + bound.toNanos();
        while (true) {
            before.entrySet().removeIf(e -> !e.getValue().equals(routing.get(e.getKey())) || caughtInFence.test(e.getKey()));
            if (before.isEmpty() || System.nanoTime() - deadline > 0) {
                return before.size();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed) {
        // Only what a connected user sent: core routes stanzas of its own too (e.g. the unavailable
        // presences of another node's users while it handles "left cluster"), and must not wait here.
        if (!incoming || session == null || !(packet instanceof Message || packet instanceof Presence)
                || Thread.currentThread().getName().startsWith(OPENFIRE_EVENT_THREAD)) {
            return;
        }
        if (processed) {
            routing.remove(Thread.currentThread());
            return;
        }
        if (!isOpen()) {
            hold();
        }
        // A stanza core rejected never gets its "processed" call: the next stanza of the thread replaces the entry.
        routing.put(Thread.currentThread(), new Routing(System.nanoTime(), packet.getTo()));
    }

    private void hold() {
        while (!isOpen()) {
            long now = System.nanoTime();
            if (now - spellStart(now) > HOLD.toNanos()) {
                if (!outageLogged) {
                    outageLogged = true;
                    Log.warn("Routes are still being rebuilt after {} s (Redis unreachable, or nodes not back); stanzas are routed without waiting",
                            HOLD.toSeconds());
                }
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /**
     * When the current closed spell began. Redis coming back starts a spell of its own: the rebuild
     * (fence, rejoin, each node restoring its routes) is what the stanzas wait for then, and on a
     * busy node it can take seconds after an outage that took seconds too.
     */
    private long spellStart(long now) {
        boolean reachable = redisReachable.getAsBoolean();
        long since = closedSince;
        if (since == Long.MIN_VALUE || (reachable && !reachableInSpell)) {
            closedSince = now;
            since = now;
        }
        reachableInSpell = reachable;
        return since;
    }

    private boolean isOpen() {
        boolean open = routesComplete();
        if (open && closedSince != Long.MIN_VALUE) {
            closedSince = Long.MIN_VALUE;
            if (outageLogged) {
                outageLogged = false;
                Log.info("Routes are complete again; stanzas are no longer held");
            }
        }
        return open;
    }

    private boolean nothingAwaited() {
        if (awaited.isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        awaited.entrySet().removeIf(e -> now - e.getValue() > 0);
        return awaited.isEmpty();
    }
}
