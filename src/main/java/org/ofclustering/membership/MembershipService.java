package org.ofclustering.membership;

import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * This node's membership: a lease in Redis renewed every heartbeat, the live members as a local
 * view, failure detection, self-fencing and automatic rejoin.
 *
 * <h2>Why a fenced node never acts after the others declared it dead</h2>
 * Let L be the lease length, D the renewal deadline and H the heartbeat interval.
 * <ol>
 *   <li>A renewal sent at local monotonic time {@code s} runs in Redis at some real time
 *       {@code e >= s} and sets the lease to expire at Redis time {@code e + L}. Expiry uses
 *       Redis's clock only, so node clocks do not matter; survivors declare a member dead only when
 *       the renewal script finds its lease key gone, i.e. not before {@code e + L >= s + L}.</li>
 *   <li>The node counts its lease valid until {@code s + D}, measured from the <em>send</em> time of
 *       its last renewal that Redis confirmed (never from the answer), with {@code System.nanoTime}
 *       (immune to wall-clock steps). {@link #holdsValidLease()} is computed from that deadline, so
 *       it turns false on time even when every thread of this node was frozen.</li>
 *   <li>{@link MembershipSettings} enforces {@code D <= L - m}, where the drift margin
 *       {@code m = max(100 ms, 5 % of L)} covers the rate difference between this node's clock
 *       and Redis's (real clocks drift by well under 0.1 %). Hence the node stops acting at
 *       {@code s + D <= s + L - m}, strictly before anyone can declare it dead.</li>
 *   <li>A renewal answered after the deadline does not revive the lease: once the deadline has
 *       passed the node fences, whatever arrives later, and only a new join (a new, larger token)
 *       makes it a member again. Renewals carry the token and renew only that incarnation.</li>
 * </ol>
 * A thread that checked {@link #holdsValidLease()} and was then frozen may still act after the
 * deadline; operations that must never cross a fence therefore also compare
 * {@link #fencingToken()} with the value of {@link #leaseKey()} inside their own Redis script.
 * Defaults: H = 500 ms, L = 2.5 s, D = 2 s, so a member may miss three renewals before it fences,
 * and a frozen member is declared dead between L - H and L after it froze.
 *
 * <h2>Ending a lease on evidence</h2>
 * A killed process's connections are closed by its kernel at once. Each member listens on an alive
 * channel of its own; the connection watch (every {@link MembershipSettings#connectionWatch()})
 * ends, in one script, the lease of every member whose channel lost its subscriber, so a killed
 * node is gone within about one interval instead of one lease. This departs before the evicted
 * node's own deadline, so the timing argument above no longer covers it; exclusion then rests on
 * the checks in Redis: the lease key is deleted in the same step, so every lock acquisition and
 * cache write of that incarnation is refused (its token no longer matches) and its locks pass to
 * the others, and a node that was in fact alive (only its connection dropped) finds its lease gone
 * at its next renewal or change message, fences and rejoins. In Redis Cluster mode those checks do
 * not reach the lease key (another slot) and subscriber counts are per server, so the watch is off
 * there. Only a mark set by the same Redis process counts, since subscriptions do not survive a
 * restart or fail-over.
 *
 * <p>Threads: one heartbeat thread owns all state changes and never blocks on Redis (calls are
 * asynchronous); listeners run on a separate event thread ({@link MembershipEvents}).
 */
public final class MembershipService implements ClusterView, LeaseGuard, AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(MembershipService.class);
    private static final long START_TIMEOUT_MS = 10_000;
    private static final long LISTENER_WAIT_MS = 30_000;
    private static final long RECONNECT_POLL_MS = 20;
    /** The longest a rejoin waits for {@link #rejoinWhen its precondition}: past it, the node rejoins anyway. */
    static final Duration REJOIN_READY_WAIT = Duration.ofSeconds(5);

    private final RedisConnector redis;
    private final LocalNode local;
    private final MembershipSettings settings;
    private final LeaseRegistry registry;
    private final String announcement;
    private final String instanceMarker;
    private final ScheduledExecutorService heartbeat;
    private final MembershipEvents events;
    private final ClusterClock clock = new ClusterClock();
    private final LocalLease lease;
    private final ViewTracker tracker;
    private final ChangeSubscription changes;
    private final AtomicLong fences = new AtomicLong();
    private final AtomicLong rejoins = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    /** Redis connection losses seen, and when the last one happened (nanoTime; the lease is unconfirmed from then). */
    private final AtomicLong connectionLosses = new AtomicLong();
    private volatile long connectionLostAtNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private final boolean watchConnections;
    private final Object lifecycle = new Object();

    // Written on the heartbeat thread only; volatile for readers on other threads.
    private volatile MembershipStatus.State state = MembershipStatus.State.STOPPED;
    private volatile boolean running;
    private volatile boolean closed;

    // Heartbeat thread only.
    private long highestToken;
    private long highestEpoch;
    private int renewalsInFlight;
    private boolean joining;
    private boolean fenceHandled;
    private boolean outageLogged;
    private boolean reconnectPoll;
    /** nanoTime a rejoin began to wait for its precondition, 0 while it does not wait. */
    private long rejoinWaitSince;
    private volatile BooleanSupplier rejoinReady = () -> true;
    private boolean watchInFlight;
    private boolean watchRefusalLogged;
    private long fencedAtNanos;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> watcher;
    private ScheduledFuture<?> deadlineCheck;
    private ScheduledFuture<?> expiryCheck;

    /**
     * @param redis    the node's Redis connection (shared with the other capabilities)
     * @param keys     the cluster's key space
     * @param local    what this node announces
     * @param settings lease timing
     */
    public MembershipService(RedisConnector redis, KeySpace keys, LocalNode local, MembershipSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.local = Objects.requireNonNull(local, "local");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = new LeaseRegistry(redis, keys, local.nodeId());
        // In Redis Cluster the subscriber count is per server and the lease checks of locks and
        // cache writes do not reach the lease key (another slot): evidence may not end a lease there.
        this.watchConnections = !settings.connectionWatch().isZero() && !redis.isCluster();
        String instance = UUID.randomUUID().toString();
        this.announcement = MemberInfoCodec.encodeAnnouncement(local, instance);
        this.instanceMarker = MemberInfoCodec.instanceMarker(instance);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ofc-membership-heartbeat");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        this.events = new MembershipEvents("ofc-membership-events");
        this.lease = new LocalLease(settings.renewalDeadline().toNanos(), clock);
        this.tracker = new ViewTracker(local.nodeId(), events, clock);
        // After Redis came back (it may have lost its data, this lease included), check the lease at
        // once rather than at the next heartbeat: until then this node would act on an empty Redis.
        // From a connection loss until Redis confirms the lease again, this node does not know whether
        // Redis still holds what the cluster wrote (a restart without persistence empties it): its
        // lease counts as unconfirmed, so clustered reads and writes wait for the verdict.
        redis.onDisconnect(() -> {
            connectionLostAtNanos = System.nanoTime();
            connectionLosses.incrementAndGet();
        });
        redis.onReconnect(() -> heartbeat.execute(() -> {
            if (state == MembershipStatus.State.MEMBER && !deadlinePassed()) {
                renewNow();
            }
        }));
        this.changes = new ChangeSubscription(redis, registry.channel(), epoch -> heartbeat.execute(() -> {
            if (state == MembershipStatus.State.MEMBER && epoch > tracker.view().epoch() && !deadlinePassed()) {
                renewNow();
            }
        }));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Joins the cluster: takes a lease and the next join order, then fires
     * {@link MembershipListener#joinedCluster} (and {@link MembershipListener#becameSenior} when
     * this node is the oldest member) on the event thread. Does nothing when already started.
     *
     * @throws NodeIdInUseException when a live member already holds this node id
     * @throws MembershipException  when Redis does not answer in time
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("membership service of node " + local.nodeId() + " is closed");
            }
            if (running) {
                return;
            }
            onHeartbeat(() -> {
                running = true;
                changes.open();
            });
            try {
                new StartupJoin(local.nodeId(), settings, START_TIMEOUT_MS).run(() -> {
                    CompletableFuture<Void> joined = new CompletableFuture<>();
                    heartbeat.execute(() -> attemptJoin(false, joined));
                    return joined;
                });
            } catch (RuntimeException e) {
                onHeartbeat(() -> running = false);
                changes.close();
                throw e;
            }
            heartbeat.execute(() -> {
                long h = settings.heartbeatInterval().toNanos();
                ticker = heartbeat.scheduleWithFixedDelay(this::tick, h, h, TimeUnit.NANOSECONDS);
                if (watchConnections) {
                    long w = settings.connectionWatch().toNanos();
                    watcher = heartbeat.scheduleWithFixedDelay(this::watchConnections, w, w, TimeUnit.NANOSECONDS);
                }
            });
        }
    }

    /**
     * Leaves the cluster cleanly: fires {@link MembershipListener#leftCluster()} and waits for the
     * listeners while still a member, then removes the lease at once so that the others see the
     * departure within a moment. Idempotent.
     */
    public void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            boolean wasMember = state == MembershipStatus.State.MEMBER;
            onHeartbeat(() -> running = false); // no rejoin from here on
            if (wasMember) {
                Futures.await(events.fire("leftCluster", MembershipListener::leftCluster), LISTENER_WAIT_MS, "leftCluster listeners");
            }
            CompletableFuture<Boolean> removed = new CompletableFuture<>();
            heartbeat.execute(() -> {
                cancelTimers();
                boolean member = state == MembershipStatus.State.MEMBER;
                long token = lease.end();
                state = MembershipStatus.State.STOPPED;
                tracker.clear();
                changes.close();
                if (!member || token < 0) {
                    removed.complete(false);
                    return;
                }
                tracker.record(ClusterEvent.Kind.LEFT, local.nodeId(), "#" + token + " left");
                registry.leave(token, "left").orTimeout(settings.requestTimeout().toMillis() * 3, TimeUnit.MILLISECONDS)
                        .whenComplete((ok, e) -> {
                            if (e != null) {
                                Log.warn("Left the cluster, but removing lease #{} failed ({}); the others will see "
                                        + "the departure when it expires", token, Futures.describe(e));
                            } else {
                                Log.info("Left the cluster (lease #{} removed)", token);
                            }
                            removed.complete(ok != null && ok);
                        });
            });
            Futures.await(removed, settings.requestTimeout().toMillis() * 3 + 1000, "lease removal");
        }
    }

    /** Leaves the cluster if needed and releases the threads; the service cannot be started again. */
    @Override
    public void close() {
        stop();
        synchronized (lifecycle) {
            closed = true;
        }
        heartbeat.shutdownNow();
        try {
            events.shutdown(LISTENER_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- heartbeat thread

    private void tick() {
        if (state == MembershipStatus.State.MEMBER) {
            if (deadlinePassed()) {
                fence("no renewal confirmed within the renewal deadline of " + settings.renewalDeadline().toMillis() + " ms");
            } else {
                renewNow();
            }
        } else if (state == MembershipStatus.State.FENCED && running && fenceHandled && settings.autoRejoin() && !joining) {
            if (redis.connection().isOpen()) {
                if (rejoinReady()) {
                    attemptJoin(true, null);
                } else {
                    pollSoon();
                }
            } else {
                // Join only while connected: a join queued by the client during an outage would run
                // late, after newer ones, and make the others see this node leave and join several
                // times. Look at the connection often, so that the rejoin follows the reconnect closely.
                pollSoon();
            }
        }
    }

    private void pollSoon() {
        if (!reconnectPoll) {
            reconnectPoll = true;
            heartbeat.schedule(() -> {
                reconnectPoll = false;
                tick();
            }, RECONNECT_POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether a rejoin may go now: its precondition holds, or it waited {@link #REJOIN_READY_WAIT} for it. */
    private boolean rejoinReady() {
        boolean ready;
        try {
            ready = rejoinReady.getAsBoolean();
        } catch (RuntimeException e) {
            Log.warn("Could not tell whether this node is ready to rejoin ({}); rejoining", e.toString());
            ready = true;
        }
        long now = System.nanoTime();
        if (ready) {
            rejoinWaitSince = 0;
            return true;
        }
        if (rejoinWaitSince == 0) {
            rejoinWaitSince = now;
            Log.info("Rejoin waits until this node can receive cluster tasks again (at most {} s)", REJOIN_READY_WAIT.toSeconds());
            return false;
        }
        if (now - rejoinWaitSince > REJOIN_READY_WAIT.toNanos()) {
            Log.warn("This node still cannot receive cluster tasks after {} s; rejoining anyway", REJOIN_READY_WAIT.toSeconds());
            rejoinWaitSince = 0;
            return true;
        }
        return false;
    }

    /**
     * A condition a rejoin after a fence waits for, at most {@link #REJOIN_READY_WAIT}: the
     * messaging layer's "this node's task queue is there and consumed". A node whose broker
     * connection was dropped while it was frozen (and whose queue the others took over) would
     * otherwise be a member that the others cannot send to until its connection is recovered.
     */
    public void rejoinWhen(BooleanSupplier ready) {
        this.rejoinReady = ready;
    }

    private boolean deadlinePassed() {
        return !lease.isValid();
    }

    private void attemptJoin(boolean rejoin, CompletableFuture<Void> startResult) {
        joining = true;
        long sent = System.nanoTime();
        long timeout = rejoin ? settings.requestTimeout().toMillis() * 3 : START_TIMEOUT_MS;
        registry.join(announcement, instanceMarker, settings.leaseLength().toMillis(), highestToken, highestEpoch)
                .orTimeout(timeout, TimeUnit.MILLISECONDS)
                .whenCompleteAsync((joined, e) -> {
                    joining = false;
                    if (e != null) {
                        if (startResult != null) {
                            startResult.completeExceptionally(Futures.unwrap(e));
                        } else if (!outageLogged) {
                            outageLogged = true;
                            Log.warn("Rejoining the cluster failed ({}); retrying every {} ms", Futures.describe(e),
                                    settings.heartbeatInterval().toMillis());
                        }
                        return;
                    }
                    if (!running) {
                        // stopped while the join was on its way: give the lease back at once
                        registry.leave(joined.token(), "left");
                        return;
                    }
                    becomeMember(joined, rejoin, sent);
                    if (startResult != null) {
                        startResult.complete(null);
                    }
                }, heartbeat);
    }

    private void becomeMember(LeaseRegistry.Joined joined, boolean rejoin, long sentNanos) {
        long now = System.nanoTime();
        outageLogged = false;
        MembershipView joinedView = MembershipView.fromEntries(joined.epoch(), joined.entries());
        highestToken = Math.max(highestToken, Math.max(joined.token(), joinedView.highestJoinOrder()));
        highestEpoch = Math.max(highestEpoch, joined.epoch());
        clock.observe(joined.redisTimeMs(), sentNanos, now);
        lease.begin(joined.token(), sentNanos);
        state = MembershipStatus.State.MEMBER;
        if (watchConnections) {
            changes.listenAlive(registry.aliveChannel(joined.token()));
        }
        if (rejoin) {
            rejoins.incrementAndGet();
            Log.info("Rejoined the cluster as member #{} after {} ms fenced; {} members, epoch {}", joined.token(),
                    (now - fencedAtNanos) / 1_000_000, joinedView.members().size(), joined.epoch());
        } else {
            Log.info("Joined the cluster as member #{}; {} members, epoch {}", joined.token(), joinedView.members().size(), joined.epoch());
        }
        tracker.joined(joinedView, rejoin);
        scheduleDeadlineCheck();
    }

    private void renewNow() {
        // A slow answer still counts (validity runs from the send time), so renewals are not cut
        // short; a new one goes out each heartbeat while fewer than a deadline's worth are pending.
        if (renewalsInFlight > settings.renewalDeadline().toMillis() / settings.heartbeatInterval().toMillis()) {
            return;
        }
        long token = lease.token();
        MembershipView known = tracker.view();
        renewalsInFlight++;
        long sent = System.nanoTime();
        registry.renew(token, settings.leaseLength().toMillis(), known.epoch(), known.joinOrders(), watchConnections)
                .orTimeout(settings.renewalDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((r, e) -> {
                    renewalsInFlight--;
                    onRenewal(token, sent, r, e);
                }, heartbeat);
    }

    private void onRenewal(long token, long sent, LeaseRegistry.Renewal r, Throwable e) {
        if (state != MembershipStatus.State.MEMBER || lease.token() != token) {
            return; // an answer for an incarnation that is already over
        }
        if (deadlinePassed()) {
            fence("no renewal confirmed within the renewal deadline of " + settings.renewalDeadline().toMillis() + " ms");
            return;
        }
        if (e != null) {
            if (!outageLogged) {
                outageLogged = true;
                Log.warn("Lease renewal failed ({}); this node fences itself in {} ms unless Redis answers", Futures.describe(e),
                        Math.max(0, lease.remainingNanos() / 1_000_000));
            }
            return;
        }
        if (!r.renewed()) {
            fence("Redis no longer holds lease #" + token + " (expired or removed)");
            return;
        }
        if (outageLogged) {
            outageLogged = false;
            Log.info("Lease renewal works again");
        }
        if (r.watch() == LeaseRegistry.WatchMark.INFO_REFUSED && !watchRefusalLogged) {
            watchRefusalLogged = true;
            Log.warn("Connection watch off: the Redis user may not run INFO (add +info to its ACL); a crashed node is noticed "
                    + "when its lease expires, after up to {} ms", settings.leaseLength().toMillis());
        }
        long now = System.nanoTime();
        clock.observe(r.redisTimeMs(), sent, now);
        if (lease.extend(token, sent)) {
            scheduleDeadlineCheck();
        }
        tracker.observeLeases(r.leaseRemainingMs(), now);
        highestEpoch = Math.max(highestEpoch, r.epoch());
        if (r.entries() != null && r.epoch() > tracker.view().epoch()) {
            MembershipView next = MembershipView.fromEntries(r.epoch(), r.entries());
            MemberInfo self = next.get(local.nodeId());
            if (self == null || self.joinOrder() != token) {
                fence("the registry no longer lists lease #" + token);
                return;
            }
            tracker.apply(next, r.reasons() == null ? Map.of() : r.reasons());
            highestToken = Math.max(highestToken, next.highestJoinOrder());
        }
        scheduleExpiryCheck(r.leaseRemainingMs());
    }

    private void fence(String reason) {
        if (state != MembershipStatus.State.MEMBER) {
            return;
        }
        long token = lease.end();
        state = MembershipStatus.State.FENCED;
        tracker.clear();
        fencedAtNanos = System.nanoTime();
        fenceHandled = false;
        fences.incrementAndGet();
        cancelTimers(false);
        changes.listenAlive(null);
        Log.warn("Fenced: {}; this node stops acting as cluster member #{} and rejoins when Redis answers", reason, token);
        tracker.record(ClusterEvent.Kind.FENCED, local.nodeId(), "#" + token + ": " + reason);
        events.fire("fenced", MembershipListener::fenced).whenCompleteAsync((v, e) -> {
            fenceHandled = true;
            tick(); // try to rejoin right away
        }, heartbeat);
        // Give the stale lease back so the others need not wait for it to expire (best effort).
        if (!redis.connection().isOpen()) {
            return;
        }
        registry.leave(token, "fenced").orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        Log.debug("Could not give back fenced lease #{}: {}", token, Futures.describe(e));
                    }
                });
    }

    /**
     * The connection watch: ends the lease of members whose Redis connection closed (see
     * {@code evict.lua}) and refreshes the view at once, so a killed node is gone within about one
     * interval instead of one lease length. A failure here is left to the renewals, which report
     * outages and fence.
     */
    private void watchConnections() {
        if (state != MembershipStatus.State.MEMBER || deadlinePassed() || watchInFlight) {
            return;
        }
        long token = lease.token();
        watchInFlight = true;
        registry.evictDisconnected(token).orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((r, e) -> {
                    watchInFlight = false;
                    if (state != MembershipStatus.State.MEMBER || lease.token() != token) {
                        return;
                    }
                    if (e != null) {
                        Log.debug("Connection watch did not run: {}", Futures.describe(e));
                        return;
                    }
                    if (!r.ownLeaseCurrent()) {
                        renewNow(); // finds the lease gone and fences
                        return;
                    }
                    if (!r.evicted().isEmpty()) {
                        evictions.addAndGet(r.evicted().size());
                        Log.info("Ended the lease of member(s) {}: their Redis connection closed", r.evicted());
                        renewNow();
                    }
                }, heartbeat);
    }

    private void scheduleDeadlineCheck() {
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
        }
        long delay = Math.max(0, lease.remainingNanos());
        deadlineCheck = heartbeat.schedule(() -> {
            if (state == MembershipStatus.State.MEMBER && deadlinePassed()) {
                fence("no renewal confirmed within the renewal deadline of " + settings.renewalDeadline().toMillis() + " ms");
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    /** When another member's lease runs out before the next heartbeat, look again right after it expires. */
    private void scheduleExpiryCheck(Map<String, Long> remaining) {
        long soonest = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : remaining.entrySet()) {
            if (!e.getKey().equals(local.nodeId()) && e.getValue() >= 0) {
                soonest = Math.min(soonest, e.getValue());
            }
        }
        if (soonest >= settings.heartbeatInterval().toMillis()) {
            return;
        }
        if (expiryCheck != null) {
            expiryCheck.cancel(false);
        }
        expiryCheck = heartbeat.schedule(() -> {
            if (state == MembershipStatus.State.MEMBER && !deadlinePassed()) {
                renewNow();
            }
        }, soonest + 2, TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        cancelTimers(true);
    }

    private void cancelTimers(boolean ticking) {
        if (ticking && ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        if (ticking && watcher != null) {
            watcher.cancel(false);
            watcher = null;
        }
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[]{deadlineCheck, expiryCheck}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        deadlineCheck = null;
        expiryCheck = null;
    }

    private void onHeartbeat(Runnable r) {
        Futures.await(CompletableFuture.runAsync(r, heartbeat), 5000, "membership heartbeat thread");
    }

    // ---------------------------------------------------------------- queries (local memory only)

    @Override
    public String localNodeId() {
        return local.nodeId();
    }

    @Override
    public Collection<MemberInfo> members() {
        return state == MembershipStatus.State.MEMBER ? tracker.view().members() : List.of();
    }

    @Override
    public Optional<MemberInfo> member(String nodeId) {
        return state == MembershipStatus.State.MEMBER ? Optional.ofNullable(tracker.view().get(nodeId)) : Optional.empty();
    }

    @Override
    public void addListener(MembershipListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(MembershipListener listener) {
        events.remove(listener);
    }

    /**
     * True while this node is a member and its last confirmed renewal is younger than the renewal
     * deadline. Check it right before acting on a lock or route; see the class comment.
     */
    @Override
    public boolean holdsValidLease() {
        return lease.isValid() && lease.confirmedAfter(connectionLostAtNanos);
    }

    @Override
    public long connectionLosses() {
        return connectionLosses.get();
    }

    /**
     * This membership period's join order, a fencing token that only grows across the cluster
     * (also across a Redis restart without persistence, as long as one member survives it); -1
     * while not a member. The lease key ({@link #leaseKey()}) holds it as text while the lease lives.
     */
    @Override
    public long fencingToken() {
        return lease.token();
    }

    /** Redis key of this node's lease; in one slot with the other membership keys. */
    @Override
    public String leaseKey() {
        return registry.leaseKeyName();
    }

    /**
     * Cluster time at which this node's current (or, when fenced, its last) lease stops being
     * valid by its own reckoning; -1 before the first join. The others cannot declare it dead
     * before {@code renewal send time + lease length}, which is later by at least the drift margin.
     */
    public long leaseValidUntil() {
        return lease.validUntilClusterMs();
    }

    /** Cluster time in ms since the epoch (Redis's clock), answered from memory. */
    public long clusterTime() {
        return clock.now();
    }

    /** Members whose lease this node ended because their Redis connection closed. */
    public long evictions() {
        return evictions.get();
    }

    /** Whether this node watches the others' Redis connections (off in Redis Cluster mode or by setting). */
    public boolean watchesConnections() {
        return watchConnections;
    }

    /** The membership epoch last seen; it increases on every join and departure. */
    public long epoch() {
        return tracker.view().epoch();
    }

    public MembershipStatus.State state() {
        return state;
    }

    /** True when this node is a member and the oldest one. */
    public boolean isSenior() {
        MemberInfo s = seniorMember().orElse(null);
        return s != null && s.nodeId().equals(local.nodeId());
    }

    /** The oldest live member, empty when this node is not a member. */
    public Optional<MemberInfo> seniorMember() {
        return state == MembershipStatus.State.MEMBER ? Optional.ofNullable(tracker.view().senior()) : Optional.empty();
    }

    /** Members whose plugin version differs from the senior member's. */
    public List<MemberInfo> versionMismatches() {
        return state == MembershipStatus.State.MEMBER ? tracker.view().versionMismatches() : List.of();
    }

    public LocalNode localNode() {
        return local;
    }

    public MembershipSettings settings() {
        return settings;
    }

    /** Everything a status page shows, from local memory. */
    public MembershipStatus status() {
        boolean member = state == MembershipStatus.State.MEMBER;
        MembershipView v = member ? tracker.view() : MembershipView.EMPTY;
        List<MembershipStatus.MemberLease> leases = member ? tracker.memberLeases(settings.leaseLength().toMillis()) : List.of();
        MemberInfo oldest = v.senior();
        return new MembershipStatus(local.nodeId(), state, lease.token(), tracker.view().epoch(), settings.leaseLength(),
                oldest == null ? null : oldest.nodeId(), leases, fences.get(), rejoins.get(), lease.lastRenewalAgeMs(),
                oldest == null ? null : oldest.version(), v.versionMismatches(), tracker.recentEvents());
    }
}
