package org.ofclustering.lock;

import org.ofclustering.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import org.ofclustering.redis.ConnectionLossRetry;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The cluster locks of one node, with ownership cached between uses.
 *
 * <p><b>Model.</b> Each lock name has a node-local {@link java.util.concurrent.locks.ReentrantLock}
 * that threads of this node queue on (re-entrancy is counted per thread), in front of one Redis key
 * that names the node owning the lock ({@link LockScripts}). When {@code lock()} returns, this node
 * owns the key in Redis and the calling thread holds the local lock: the section is exclusive
 * cluster-wide, whatever it does. After {@code unlock()} the node keeps the ownership, so its next
 * {@code lock()} of the name is a local operation with no round trip.
 *
 * <p><b>Bound to the membership lease.</b> The owner value carries the node's fencing token; an
 * ownership lives exactly as long as the node's membership lease of that token (the scripts read
 * the owner's lease key), so nothing is renewed per lock, and a crashed, frozen or fenced node's
 * ownerships end with its lease. The node itself uses an ownership only while
 * {@link MemberFence#proof} says its lease is valid, which by the membership's timing argument
 * (docs/membership.md) ends strictly before the others can see the lease gone. A rejoin draws a new
 * token, which voids every ownership of the previous period.
 *
 * <p><b>Hand-over.</b> A node that wants a lock owned by a live node queues itself in Redis (arrival
 * order) and pushes a request to the owner ({@link OwnershipPushes}); the owner hands the lock to the
 * first live waiter once its local holders are done, and pushes the grant, which wakes the waiter.
 * The waiter confirms the grant with Redis before it proceeds, and asks again every
 * {@link LockSettings#recheck()} in case a push was lost. Against ping-pong, an owner asked to hand
 * over still lets its own already queued threads run until it has owned the lock for
 * {@link LockSettings#handoverQuantum()}.
 *
 * <p><b>Single-read sections</b> on a lock owned elsewhere run without the lock ({@link SingleReadSites}).
 *
 * <p><b>Fences.</b> An acquisition that finds the node fenced waits for its standing
 * ({@link MemberFence#awaitStanding}): a member again, it acquires under the new token; standalone
 * (core runs on local caches), it takes only the node-local lock, as there is no shared state to
 * exclude others from. Nothing is thrown at the caller for a fence that resolves within the bound.
 */
public final class ClusterLocks implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(ClusterLocks.class);
    private static final long FENCED = -1L;

    private final RedisConnector redis;
    private final String localNodeId;
    private volatile LockSettings settings;
    private final byte[] lockPrefix;
    private final byte[] queuePrefix;
    private final byte[] leasePrefix;
    private final byte[] channelPrefix;
    private final ConcurrentHashMap<ByteBuffer, LockState> states = new ConcurrentHashMap<>();
    private final ThreadLocal<List<Hold>> holdsOfThread = ThreadLocal.withInitial(ArrayList::new);
    private final ScheduledExecutorService pushThread;
    private final OwnershipPushes pushes;
    private final MemberFence fence;
    private final LockCounters counters = new LockCounters();
    private volatile SingleReadSites singleReads = SingleReadSites.none();

    /** One first hold of a lock by one thread: a real one, or a single-read section running without the lock. */
    private static final class Hold {
        final LockState state;
        int count = 1;
        String singleReadSite; // non-null while the section runs without the lock
        boolean readDone;
        boolean readOnly; // a read-only site: any number of reads without the lock
        boolean localOnly; // taken while the node ran standalone: excludes this node's threads only

        Hold(LockState state, String singleReadSite) {
            this.state = state;
            this.singleReadSite = singleReadSite;
        }
    }

    public ClusterLocks(RedisConnector redis, KeySpace space, String localNodeId, LockSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.localNodeId = Objects.requireNonNull(localNodeId, "localNodeId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lockPrefix = space.keyBytes(KeySpace.MEMBERSHIP, "lock:");
        this.queuePrefix = space.keyBytes(KeySpace.MEMBERSHIP, "lockq:");
        this.leasePrefix = space.keyBytes(KeySpace.MEMBERSHIP, "lease:");
        this.channelPrefix = space.keyBytes(KeySpace.MEMBERSHIP, "lockpush:");
        // Redis Cluster: the caller's lease key check is left to the node (MemberFence).
        this.fence = new MemberFence(!redis.isCluster());
        this.pushThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ofc-lock-pushes");
            t.setDaemon(true);
            return t;
        });
        try {
            this.pushes = new OwnershipPushes(redis, new String(channelPrefix, StandardCharsets.UTF_8) + localNodeId, pushThread,
                    new OwnershipPushes.Receiver() {
                        @Override
                        public void handOverRequested(ByteBuffer lockKey) {
                            onHandOverRequested(lockKey);
                        }

                        @Override
                        public void granted(long token, ByteBuffer lockKey) {
                            LockState s = states.get(lockKey);
                            if (s != null) {
                                s.grant.complete(null);
                            }
                        }
                    });
        } catch (RuntimeException e) {
            pushThread.shutdownNow();
            throw e;
        }
        long sweep = Math.max(1000, settings.idleRelease().toMillis() / 4);
        pushThread.scheduleWithFixedDelay(this::releaseIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** What keeps this node from taking locks (and changing clustered entries) once its lease ended. */
    public MemberFence fence() {
        return fence;
    }

    /** The call sites whose sections are one read and may run without the lock ({@link SingleReadSites}). */
    public void useSingleReadSites(SingleReadSites sites) {
        this.singleReads = Objects.requireNonNull(sites, "sites");
    }

    public LockCounters counters() {
        return counters;
    }

    public LockSettings settings() {
        return settings;
    }

    /** New timings from now on (the benchmark compares hand-over policies on live nodes). */
    public void useSettings(LockSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "newSettings");
    }

    /** The lock of one key of one cache ({@code encodedKey} as the cache stores it). */
    public ClusterLock getLock(String cacheName, byte[] encodedKey, Object key) {
        byte[] cache = cacheName.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed cache name: no two (cache, key) pairs share a lock key.
        byte[] suffix = concat((cache.length + ":").getBytes(StandardCharsets.US_ASCII), cache, new byte[]{':'}, encodedKey);
        return new ClusterLock(this, concat(lockPrefix, suffix), concat(queuePrefix, suffix), new LockLabel(cacheName, key));
    }

    /** Whether the calling thread holds any cluster lock, or runs a single-read section. */
    public boolean holdsAnyLock() {
        return !holdsOfThread.get().isEmpty();
    }

    /** How many locks this node owns in Redis now. */
    public int ownedCount() {
        int n = 0;
        for (LockState s : states.values()) {
            if (s.owned) {
                n++;
            }
        }
        return n;
    }

    /**
     * Called by a cache before each operation of the calling thread. A single-read section may
     * make one read without the lock; anything more (a second operation, a write) first acquires
     * every such lock of the thread for real, and its call site is reported ({@link SingleReadSites}).
     */
    public void beforeOperation(boolean read) {
        List<Hold> holds = holdsOfThread.get();
        for (int i = 0; i < holds.size(); i++) {
            Hold h = holds.get(i);
            if (h.singleReadSite == null) {
                continue;
            }
            if (read && (h.readOnly || !h.readDone)) {
                h.readDone = true;
                continue;
            }
            promote(h, read ? "a second cache operation" : "a cache write");
        }
    }

    /**
     * The innermost lock the calling thread holds, owned by this node, whose label satisfies
     * {@code guards}; null when there is none. A cache may serve entries that lock guards from
     * memory while {@link #stillGuards} holds.
     */
    public Guard guardFor(Predicate<LockLabel> guards) {
        List<Hold> holds = holdsOfThread.get();
        for (int i = holds.size() - 1; i >= 0; i--) {
            Hold h = holds.get(i);
            LockState s = h.state;
            if (h.singleReadSite == null && !h.localOnly && s.owned && guards.test(s.label)) {
                return new Guard(s, s.generation, s.ownerToken);
            }
        }
        return null;
    }

    /**
     * Whether the calling thread still holds {@code g}'s lock under the same ownership as when
     * the guard was taken, and this node may act (its lease is valid).
     */
    public boolean stillGuards(Guard g) {
        LockState s = g.state;
        return s.local.isHeldByCurrentThread() && s.owned && s.generation == g.generation
                && s.ownerToken == g.token && fence.mayAct() && fence.currentToken() == g.token;
    }

    /** A lock this node owned when a cache read or wrote an entry under it (see {@link #guardFor}). */
    public static final class Guard {
        final LockState state;
        final long generation;
        final long token;

        Guard(LockState state, long generation, long token) {
            this.state = state;
            this.generation = generation;
            this.token = token;
        }

        /** Whether the copy made under {@code other} is from this same ownership of the same lock. */
        public boolean sameOwnership(Guard other) {
            return other != null && other.state == state && other.generation == generation && other.token == token;
        }
    }

    /**
     * What a clustered write of the calling thread must carry: this node's fence proof and the
     * locks the thread holds, so that Redis refuses the write once the lease or one of those
     * locks is gone ({@link WriteFence}).
     *
     * @throws NodeFencedException       when this node's membership lease is not valid
     * @throws ClusterLockLostException  when a lock of this thread is already known to be lost
     */
    public WriteFence writeFence(String action) {
        MemberFence.Proof proof = fence.proof(action);
        long token = fence.currentToken();
        List<Hold> holds = holdsOfThread.get();
        if (holds.isEmpty() || !fence.checkedInRedis()) {
            return new WriteFence(fence, token, proof, List.of());
        }
        List<WriteFence.HeldLock> held = new ArrayList<>(holds.size());
        for (Hold h : holds) {
            if (h.singleReadSite != null || h.localOnly) {
                continue; // a standalone hold guards nothing in Redis
            }
            LockState s = h.state;
            byte[] value = s.ownerValue;
            if (!s.owned || value == null) {
                throw WriteFence.lost(s.printableName(), action);
            }
            held.add(new WriteFence.HeldLock(s, value));
        }
        return new WriteFence(fence, token, proof, held);
    }

    // ---- the Lock operations (ClusterLock delegates here)

    /**
     * Makes this node the owner again of every lock the calling thread holds but whose ownership is
     * void (Redis lost it, or a new membership period began), waiting for hand-overs like
     * {@code lock()}. For callers that cannot restart their section (Openfire's): from the return on
     * the section is exclusive again, though what it read before may predate another node's change.
     * A lock that cannot be owned because the node runs standalone becomes node-local.
     */
    public void reownHolds() {
        for (Hold h : holdsOfThread.get()) {
            LockState s = h.state;
            if (h.singleReadSite != null || h.localOnly || s.ownedUnder(fence.currentToken())) {
                continue;
            }
            try {
                own(s, Long.MAX_VALUE, false);
            } catch (NodeFencedException e) {
                if (!e.standalone()) {
                    throw e;
                }
                h.localOnly = true;
            } catch (InterruptedException e) {
                throw new IllegalStateException("an uninterruptible acquisition was interrupted", e);
            }
        }
    }

    void lock(ClusterLock lock) {
        try {
            acquire(lock, Long.MAX_VALUE, false, true);
        } catch (InterruptedException e) {
            throw new IllegalStateException("an uninterruptible acquisition was interrupted", e);
        }
    }

    void lockInterruptibly(ClusterLock lock) throws InterruptedException {
        acquire(lock, Long.MAX_VALUE, true, true);
    }

    boolean tryLock(ClusterLock lock, long timeoutNanos) throws InterruptedException {
        return acquire(lock, System.nanoTime() + timeoutNanos, true, false);
    }

    void unlock(ByteBuffer name) {
        List<Hold> holds = holdsOfThread.get();
        Hold h = find(holds, name);
        if (h == null) {
            throw new IllegalMonitorStateException("the current thread does not hold this cluster lock");
        }
        if (--h.count > 0) {
            return;
        }
        holds.remove(h);
        LockState s = h.state;
        if (h.singleReadSite == null) {
            s.lastUsedNanos = System.nanoTime();
            if (s.handOverRequested && s.owned && !keepForQueuedThreads(s)) {
                handOver(s);
            }
            s.local.unlock();
        }
        unref(s);
    }

    boolean isHeldByCurrentThread(ByteBuffer name) {
        return find(holdsOfThread.get(), name) != null;
    }

    /**
     * Takes the lock for the calling thread. With {@code mayRunAsSingleRead}, a listed single-read
     * call site on a lock this node does not own runs without it.
     */
    private boolean acquire(ClusterLock lock, long deadlineNanos, boolean interruptible, boolean mayRunAsSingleRead)
            throws InterruptedException {
        List<Hold> holds = holdsOfThread.get();
        Hold existing = find(holds, lock.name);
        if (existing != null) {
            existing.count++;
            return true;
        }
        LockState s = ref(lock);
        if (mayRunAsSingleRead && !s.owned) {
            String site = singleReads.callerIfListed();
            if (site != null) {
                counters.singleReads.increment();
                Hold h = new Hold(s, site);
                h.readOnly = singleReads.readOnly(site);
                holds.add(h);
                return true;
            }
        }
        boolean local;
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                if (interruptible) {
                    s.local.lockInterruptibly();
                } else {
                    s.local.lock();
                }
                local = true;
            } else {
                local = s.local.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            unref(s);
            throw e;
        }
        if (!local) {
            unref(s);
            return false;
        }
        boolean granted = false;
        boolean localOnly = false;
        try {
            granted = own(s, deadlineNanos, interruptible);
        } catch (NodeFencedException e) {
            if (!e.standalone()) {
                throw e;
            }
            granted = localOnly = true;
        } finally {
            if (!granted) {
                s.local.unlock();
                unref(s);
            }
        }
        if (granted) {
            Hold h = new Hold(s, null);
            h.localOnly = localOnly;
            holds.add(h);
        }
        return granted;
    }

    /** Turns a single-read section into a real hold (it did more than one read). */
    private void promote(Hold h, String what) {
        singleReads.violated(h.singleReadSite, what);
        LockState s = h.state;
        s.local.lock();
        boolean granted = false;
        try {
            granted = own(s, Long.MAX_VALUE, false);
        } catch (NodeFencedException e) {
            if (!e.standalone()) {
                throw e;
            }
            granted = h.localOnly = true;
        } catch (InterruptedException e) {
            throw new IllegalStateException("an uninterruptible acquisition was interrupted", e);
        } finally {
            if (!granted) {
                s.local.unlock();
            }
        }
        h.singleReadSite = null;
    }

    /**
     * Makes this node the owner of {@code s} in Redis (the caller holds {@code s.local}): at once when
     * it already is, else by asking Redis and, if another node owns it, waiting for its hand-over.
     * Returns false when the deadline passed first.
     */
    private boolean own(LockState s, long deadlineNanos, boolean interruptible) throws InterruptedException {
        MemberFence.Proof proof = proofFor(s);
        long token = fence.currentToken();
        if (s.ownedUnder(token)) {
            counters.local.increment();
            return true;
        }
        byte[] me = (localNodeId + " " + token).getBytes(StandardCharsets.UTF_8);
        long waitStart = 0;
        boolean interrupted = false;
        boolean tryLockWait = deadlineNanos != Long.MAX_VALUE;
        if (tryLockWait) {
            // A lock owned but idle on another node counts as free: wait for its hand-over a little.
            deadlineNanos = Math.max(deadlineNanos, System.nanoTime() + settings.tryLockWait().toNanos());
        }
        try {
            while (true) {
                CompletableFuture<Void> grant = s.armGrant();
                MemberFence.Proof sentProof = proof;
                byte[] sentMe = me;
                // Sent again after a lost connection: a second run finds the lock already ours.
                List<Object> reply = ConnectionLossRetry.await(() -> LockScripts.ACQUIRE.<List<Object>>run(redis.async(), ScriptOutputType.MULTI,
                        sentProof.keys(new byte[][]{s.redisKey, s.queueKey}),
                        sentProof.args(new byte[][]{sentMe, leasePrefix, channelPrefix})), redis);
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long outcome = reply.isEmpty() || !(reply.get(0) instanceof Long l) ? 0L : l;
                if (outcome == 1L) {
                    s.ownerValue = me;
                    s.ownerToken = token;
                    s.generation++;
                    s.ownedSinceNanos = System.nanoTime();
                    s.owned = true;
                    counters.remote.increment();
                    return true;
                }
                if (outcome == FENCED) {
                    // Redis no longer holds this token's lease: wait for the node's standing, then
                    // ask again under the new token (standalone: the caller takes the local lock only).
                    counters.fenced.increment();
                    if (fence.awaitStanding(token, "taking cluster lock " + s.printableName()) == MemberFence.Standing.STANDALONE) {
                        throw MemberFence.standalone("taking cluster lock " + s.printableName());
                    }
                    if (waitStart != 0) {
                        leaveQueue(s, me);
                    }
                    proof = proofFor(s);
                    token = fence.currentToken();
                    me = (localNodeId + " " + token).getBytes(StandardCharsets.UTF_8);
                    continue;
                }
                counters.refused.increment();
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    leaveQueue(s, me);
                    return false;
                }
                interrupted |= waitForGrant(grant, Math.min(left, settings.recheck().toNanos()), interruptible);
                proof = proofFor(s);
                if (fence.currentToken() != token) {
                    // A new membership period began while waiting: queue under the new token.
                    leaveQueue(s, me);
                    token = fence.currentToken();
                    me = (localNodeId + " " + token).getBytes(StandardCharsets.UTF_8);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            if (waitStart != 0) {
                leaveQueue(s, me);
            }
            throw e;
        } finally {
            if (waitStart != 0) {
                counters.waitNanos.add(System.nanoTime() - waitStart);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private MemberFence.Proof proofFor(LockState s) {
        try {
            return fence.proof(() -> "taking cluster lock " + s.printableName());
        } catch (NodeFencedException e) {
            counters.fenced.increment();
            throw e;
        }
    }

    /**
     * Waits for the grant push, at most {@code nanos}. Returns true when an uninterruptible wait
     * was interrupted (the caller restores the flag when it is done).
     */
    private static boolean waitForGrant(CompletableFuture<Void> grant, long nanos, boolean interruptible) throws InterruptedException {
        try {
            grant.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException recheck) {
            // Ask Redis again: a push may have been lost, or the owner's lease ended.
        } catch (InterruptedException e) {
            if (interruptible) {
                throw e;
            }
            return true;
        }
        return false;
    }

    /** A waiter that gave up leaves the wait list (not awaited: the owner skips it at worst once). */
    private void leaveQueue(LockState s, byte[] me) {
        LockScripts.LEAVE_QUEUE.run(redis.async(), ScriptOutputType.INTEGER, new byte[][]{s.queueKey}, me)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        Log.debug("Leaving the wait list of {} failed: {}", s.printableName(), e.toString());
                    }
                });
    }

    /** The anti-ping-pong policy: threads of this node already queued may still run within the quantum. */
    private boolean keepForQueuedThreads(LockState s) {
        return s.local.hasQueuedThreads()
                && System.nanoTime() - s.ownedSinceNanos < settings.handoverQuantum().toNanos();
    }

    private void onHandOverRequested(ByteBuffer lockKey) {
        LockState s = states.get(lockKey);
        if (s == null) {
            return; // not known here: the requester's recheck finds the ownership void or free
        }
        s.handOverRequested = true;
        if (s.owned && s.local.tryLock()) {
            try {
                if (s.owned && s.handOverRequested) {
                    handOver(s);
                }
            } finally {
                s.local.unlock();
            }
        }
        // Otherwise a holder of this node hands it over at its unlock.
    }

    /** Gives the ownership away; the caller holds {@code s.local} and no local section runs. */
    private void handOver(LockState s) {
        byte[] value = s.ownerValue;
        s.owned = false;
        s.generation++;
        s.handOverRequested = false;
        counters.handedOver.increment();
        try {
            LuaScript.await(LockScripts.HANDOVER.run(redis.async(), ScriptOutputType.INTEGER,
                    new byte[][]{s.redisKey, s.queueKey}, value, leasePrefix, channelPrefix));
        } catch (RuntimeException e) {
            // The waiter's recheck finds the lock still ours (void once our lease ends) or free.
            Log.warn("Handing cluster lock {} over failed ({}); the waiting node asks again", s.printableName(), e.toString());
        }
        states.computeIfPresent(s.name, (n, current) -> current.users <= 0 && !current.owned ? null : current);
    }

    private void releaseIdle() {
        long now = System.nanoTime();
        long idle = settings.idleRelease().toNanos();
        int released = 0;
        for (LockState s : states.values()) {
            if (released >= 1000) {
                return;
            }
            if (s.owned && now - s.lastUsedNanos > idle && now - s.ownedSinceNanos > idle && s.local.tryLock()) {
                try {
                    if (s.owned) {
                        handOver(s);
                        released++;
                    }
                } finally {
                    s.local.unlock();
                }
            }
        }
    }

    private static Hold find(List<Hold> holds, ByteBuffer name) {
        for (int i = holds.size() - 1; i >= 0; i--) {
            Hold h = holds.get(i);
            if (h.state.name.equals(name)) {
                return h;
            }
        }
        return null;
    }

    private LockState ref(ClusterLock lock) {
        return states.compute(lock.name, (n, s) -> {
            LockState state = s == null ? new LockState(n, lock.redisKey, lock.queueKey, lock.label) : s;
            state.users++;
            return state;
        });
    }

    private void unref(LockState s) {
        states.computeIfPresent(s.name, (n, current) -> {
            current.users--;
            return current.users <= 0 && !current.owned ? null : current;
        });
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Gives back every ownership of this node (bounded wait) and stops the push subscription. */
    @Override
    public void close() {
        pushes.close();
        pushThread.shutdownNow();
        List<CompletableFuture<Object>> releases = new ArrayList<>();
        for (LockState s : states.values()) {
            byte[] value = s.ownerValue;
            if (s.owned && value != null) {
                s.owned = false;
                try {
                    releases.add(LockScripts.HANDOVER.run(redis.async(), ScriptOutputType.INTEGER,
                            new byte[][]{s.redisKey, s.queueKey}, value, leasePrefix, channelPrefix));
                } catch (RuntimeException e) {
                    Log.warn("Giving back cluster lock {} failed on close: {}", s.printableName(), e.toString());
                }
            }
        }
        try {
            CompletableFuture.allOf(releases.toArray(new CompletableFuture[0])).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warn("Not every cluster lock could be given back on close ({}); they end with this node's membership lease", e.toString());
        }
    }
}
