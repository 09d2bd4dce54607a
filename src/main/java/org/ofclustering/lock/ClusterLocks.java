package org.ofclustering.lock;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.ofclustering.redis.RedisConnector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster locks of one node.
 *
 * <p><b>Model.</b> Each lock name has a node-local {@link java.util.concurrent.locks.ReentrantLock}
 * in front of one Redis key. Threads of this node queue on the local lock (re-entrancy is counted
 * there); only the thread that gets it asks Redis (a script around {@code SET key token NX PX lease}). The token
 * ({@code <node id>:<counter>}) names the owner; release and renewal are scripts that act only
 * when the key still holds that token, so a node can never release or extend a lock it lost. A
 * watchdog renews every held lock each third of the lease; a crashed or frozen node stops renewing
 * and its locks free themselves when the lease ends. A lock another node holds is retried with a
 * growing pause (1 ms up to {@link LockSettings#maxRetryPause()}).
 *
 * <p><b>Deferred acquisition</b> (standalone and Sentinel, {@link LockSettings#pipelinedAcquire()}):
 * {@code lock()} takes the local lock and sends nothing. The first clustered operation of the
 * thread under the lock carries the acquisition: a {@code get} runs one script that takes the lock
 * and reads the entry atomically ({@link #takeSoleDeferred()}, {@link #completeCombined(boolean)});
 * another read is sent right behind a pipelined {@code SET NX} on the same connection, so Redis
 * executes it after the grant ({@link #sendDeferred()}, {@link #settlePending()}); a write waits for
 * the grant before it is sent. If the lock was busy, the read is discarded, the thread waits for
 * the lock and reads again. {@code unlock()} sends the release without waiting, or nothing at all
 * if the section made no clustered operation. Hence every clustered read and write inside the
 * critical section is executed by Redis while this node holds the lock: exclusion holds for all
 * state kept in the clustered caches, and {@code lock(); get(); unlock()} costs one blocking round
 * trip. What this mode does not give is exclusion for work in the section that touches no
 * clustered state at all; set {@code pipelinedAcquire=false} if a caller needs that. Redis Cluster
 * mode always waits, as a lock key and a cache key may live on different Redis nodes.
 *
 * <p><b>Fencing.</b> The token is unique per acquisition; a node whose lock lease ran out learns it
 * at the next renewal and logs it. Once {@link #fence()} is guarded by the membership, no
 * acquisition is sent while this node's membership lease is invalid, and every acquisition script
 * also checks the node's lease key in Redis, so a thread frozen after its check cannot take a lock
 * after the others declared the node dead ({@link MemberFence}).
 */
public final class ClusterLocks implements AutoCloseable {
    private static final LuaScript ACQUIRE = new LuaScript(MemberFence.scriptCheck(1, "-1")
            + "local v = redis.call('GET', KEYS[1]) "
            + "if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
            + "if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
            + "return 0");
    /** The deferred acquisition: SET NX PX behind the fence check → 1 granted, 0 busy, -1 fenced. */
    private static final LuaScript ACQUIRE_IF_FREE = new LuaScript(MemberFence.scriptCheck(1, "-1")
            + "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end return 0");
    private static final long FENCED = -1L;

    private final RedisConnector redis;
    private final String localNodeId;
    private final LockSettings settings;
    private final byte[] leaseMillis;
    private final boolean pipelined;
    private final ConcurrentHashMap<ByteBuffer, LockState> states = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final ThreadLocal<ArrayDeque<LockState>> pendingOfThread = ThreadLocal.withInitial(ArrayDeque::new);
    private final ThreadLocal<int[]> heldByThread = ThreadLocal.withInitial(() -> new int[1]);
    /** The locks of each thread whose acquisition Redis confirmed, for {@link #writeFence}. */
    private final ThreadLocal<List<LockState>> confirmedOfThread = ThreadLocal.withInitial(ArrayList::new);
    private final LeaseKeeper leases;
    private final MemberFence fence;

    public ClusterLocks(RedisConnector redis, String localNodeId, LockSettings settings) {
        this.redis = redis;
        this.localNodeId = localNodeId;
        this.settings = settings;
        this.leaseMillis = Long.toString(settings.lease().toMillis()).getBytes(StandardCharsets.US_ASCII);
        this.pipelined = settings.pipelinedAcquire() && !redis.isCluster();
        // Redis Cluster: the lease key and a lock key may be in different slots, so no in-script check.
        this.fence = new MemberFence(!redis.isCluster());
        this.leases = new LeaseKeeper(redis, settings.lease().toMillis(), fence);
    }

    /** What keeps this node from taking locks (and changing clustered entries) once its lease ended. */
    public MemberFence fence() {
        return fence;
    }

    /** The lock whose Redis key is {@code redisKey} (the caller builds the key, e.g. under a cache's hash tag). */
    public ClusterLock getLock(byte[] redisKey) {
        return new ClusterLock(this, redisKey.clone());
    }

    public LockSettings settings() {
        return settings;
    }

    /** Whether the calling thread holds (or is acquiring) any cluster lock of this node. */
    public boolean holdsAnyLock() {
        return heldByThread.get()[0] > 0;
    }

    /**
     * What a clustered write of the calling thread must carry (call after {@link #settlePending()}):
     * this node's fence proof and the locks the thread holds, so that Redis refuses the write once
     * the lease or one of those locks is gone ({@link WriteFence}).
     *
     * @throws NodeFencedException       when this node's membership lease is not valid
     * @throws ClusterLockLostException  when a lock of this thread is already known to be lost
     */
    public WriteFence writeFence(String action) {
        MemberFence.Proof proof = fence.proof(action);
        List<LockState> held = confirmedOfThread.get();
        for (LockState s : held) {
            if (!s.held) {
                throw WriteFence.lost(s, action);
            }
        }
        return new WriteFence(proof, fence.checkedInRedis() && !held.isEmpty() ? List.copyOf(held) : List.of());
    }

    /** Whether the calling thread has a deferred or unconfirmed acquisition. */
    public boolean hasPendingAcquisition() {
        return !pendingOfThread.get().isEmpty();
    }

    /**
     * Makes sure every lock the calling thread took is really held in Redis, waiting for a busy
     * one. Returns true when each pending acquisition had succeeded at once, i.e. a read sent
     * after it on the shared connection executed while the lock was held.
     */
    public boolean settlePending() {
        ArrayDeque<LockState> queue = pendingOfThread.get();
        boolean immediate = true;
        while (!queue.isEmpty()) {
            LockState s = queue.peek();
            CompletableFuture<Long> acquisition = s.pending;
            s.pending = null;
            s.sent = true;
            boolean granted = false;
            if (acquisition != null) {
                Long reply = LuaScript.await(acquisition);
                if (reply != null && reply == FENCED) {
                    throw MemberFence.fenced("taking cluster lock " + s.printableName());
                }
                granted = reply != null && reply == 1L;
            }
            if (!granted) {
                immediate = false;
                acquireUninterruptibly(s);
            }
            queue.poll();
            markHeld(s);
        }
        return immediate;
    }

    /**
     * Sends every deferred acquisition of the calling thread ({@code SET NX PX} behind the fence
     * check) without waiting, so that a command sent next on the shared connection executes after them.
     */
    public void sendDeferred() {
        for (LockState s : pendingOfThread.get()) {
            if (!s.sent) {
                MemberFence.Proof proof = fence.proof("taking cluster lock " + s.printableName());
                s.sent = true;
                // Renewed from now on (a renewal of a failed acquisition is a no-op).
                leases.track(s);
                s.pending = ACQUIRE_IF_FREE.run(async(), ScriptOutputType.INTEGER, proof.keys(new byte[][]{s.redisKey}),
                        proof.args(new byte[][]{s.token, leaseMillis}));
            }
        }
    }

    /**
     * What a combined acquire-and-read script needs when the calling thread has exactly one
     * deferred acquisition, or null. The acquisition counts as sent from now on; the caller reports
     * the outcome with {@link #completeCombined(boolean)} (if the script failed, the next
     * operation re-acquires and recognises its own token).
     */
    public DeferredAcquisition takeSoleDeferred() {
        ArrayDeque<LockState> queue = pendingOfThread.get();
        if (queue.size() != 1 || queue.peek().sent) {
            return null;
        }
        LockState s = queue.peek();
        MemberFence.Proof proof = fence.proof("taking cluster lock " + s.printableName());
        s.sent = true;
        leases.track(s);
        return new DeferredAcquisition(s.redisKey, s.token, leaseMillis, proof);
    }

    /**
     * Reports the outcome of the combined script for {@link #takeSoleDeferred()}: 1 granted, 0 busy,
     * -1 fenced. Returns true when the lock was granted (the read in the script is valid); waits
     * until the lock is held and returns false when it was busy (the caller reads again).
     *
     * @throws NodeFencedException when the script refused because this node's lease ended
     */
    public boolean completeCombined(long outcome) {
        LockState s = pendingOfThread.get().poll();
        if (s == null) {
            throw new IllegalStateException("no deferred acquisition to complete");
        }
        if (outcome == FENCED) {
            throw MemberFence.fenced("taking cluster lock " + s.printableName());
        }
        boolean granted = outcome == 1L;
        if (!granted) {
            acquireUninterruptibly(s);
        }
        markHeld(s);
        return granted;
    }

    /**
     * The lock key, owner token and lease (ms) a combined acquire-and-read script takes, and the
     * fence proof whose lease key and token it appends to its keys and arguments.
     */
    public record DeferredAcquisition(byte[] lockKey, byte[] token, byte[] leaseMillis, MemberFence.Proof proof) {
        public byte[][] keys(byte[]... keys) {
            return proof.keys(keys);
        }

        public byte[][] args(byte[]... args) {
            return proof.args(args);
        }
    }

    void lock(ByteBuffer name, byte[] redisKey) {
        LockState s = ref(name, redisKey);
        s.local.lock();
        if (s.local.getHoldCount() > 1) {
            return;
        }
        try {
            heldByThread.get()[0]++;
            s.token = newToken();
            fence.proof("taking cluster lock " + s.printableName());
            if (pipelined) {
                s.sent = false;
                pendingOfThread.get().add(s);
            } else {
                s.sent = true;
                acquireUninterruptibly(s);
                markHeld(s);
            }
        } catch (RuntimeException e) {
            abandon(s);
            throw e;
        }
    }

    void lockInterruptibly(ByteBuffer name, byte[] redisKey) throws InterruptedException {
        LockState s = ref(name, redisKey);
        try {
            s.local.lockInterruptibly();
        } catch (InterruptedException e) {
            unref(s);
            throw e;
        }
        if (s.local.getHoldCount() > 1) {
            return;
        }
        heldByThread.get()[0]++;
        s.token = newToken();
        s.sent = true;
        try {
            acquire(s, Long.MAX_VALUE, true);
            markHeld(s);
        } catch (InterruptedException | RuntimeException e) {
            abandon(s);
            throw e;
        }
    }

    boolean tryLock(ByteBuffer name, byte[] redisKey, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        LockState s = ref(name, redisKey);
        boolean local;
        try {
            local = s.local.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            unref(s);
            throw e;
        }
        if (!local) {
            unref(s);
            return false;
        }
        if (s.local.getHoldCount() > 1) {
            return true;
        }
        heldByThread.get()[0]++;
        s.token = newToken();
        s.sent = true;
        boolean granted;
        try {
            granted = acquire(s, deadline, true);
        } catch (InterruptedException | RuntimeException e) {
            abandon(s);
            throw e;
        }
        if (!granted) {
            abandon(s);
            return false;
        }
        markHeld(s);
        return true;
    }

    void unlock(ByteBuffer name) {
        LockState s = states.get(name);
        if (s == null || !s.local.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold this cluster lock");
        }
        if (s.local.getHoldCount() == 1) {
            releaseRemote(s);
            heldByThread.get()[0]--;
        }
        s.local.unlock();
        unref(s);
    }

    boolean isHeldByCurrentThread(ByteBuffer name) {
        LockState s = states.get(name);
        return s != null && s.local.isHeldByCurrentThread();
    }

    /** Undoes a first hold whose remote acquisition failed or was not granted. */
    private void abandon(LockState s) {
        pendingOfThread.get().remove(s);
        confirmedOfThread.get().remove(s);
        leases.untrack(s);
        s.pending = null;
        s.token = null;
        heldByThread.get()[0]--;
        s.local.unlock();
        unref(s);
    }

    private void releaseRemote(LockState s) {
        confirmedOfThread.get().remove(s);
        boolean wasPending = pendingOfThread.get().remove(s) && s.sent;
        boolean wasHeld = s.held;
        byte[] token = s.token;
        leases.untrack(s);
        s.held = false;
        s.pending = null;
        s.token = null;
        if ((wasPending || wasHeld) && token != null) {
            // Not awaited: on the shared connection it runs after the acquisition.
            leases.release(s, token);
        }
    }

    private void acquireUninterruptibly(LockState s) {
        boolean interrupted = false;
        while (true) {
            try {
                acquire(s, Long.MAX_VALUE, false);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Retries until Redis grants the lock to {@code s.token} or the deadline passes. */
    private boolean acquire(LockState s, long deadlineNanos, boolean interruptible) throws InterruptedException {
        long pauseMillis = 1;
        boolean interrupted = false;
        try {
            while (true) {
                MemberFence.Proof proof = fence.proof("taking cluster lock " + s.printableName());
                Long r = awaitAcquisition(ACQUIRE.<Long>run(async(), ScriptOutputType.INTEGER, proof.keys(new byte[][]{s.redisKey}),
                        proof.args(new byte[][]{s.token, leaseMillis})), interruptible);
                if (r != null && r == 1L) {
                    return true;
                }
                if (r != null && r == FENCED) {
                    throw MemberFence.fenced("taking cluster lock " + s.printableName());
                }
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                long sleep = Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1);
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    if (interruptible) {
                        throw e;
                    }
                    interrupted = true;
                }
                pauseMillis = Math.min(pauseMillis * 2, settings.maxRetryPause().toMillis());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for Redis' answer; an interrupt ends an interruptible wait with InterruptedException only. */
    private static <T> T awaitAcquisition(CompletableFuture<T> reply, boolean interruptible) throws InterruptedException {
        if (interruptible) {
            try {
                return reply.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new RedisException(e.getCause());
            }
        }
        try {
            return reply.join(); // does not react to interrupts; the caller restores the flag
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new RedisException(e.getCause());
        }
    }

    private void markHeld(LockState s) {
        s.held = true;
        leases.track(s);
        List<LockState> confirmed = confirmedOfThread.get();
        if (!confirmed.contains(s)) {
            confirmed.add(s);
        }
    }

    private LockState ref(ByteBuffer name, byte[] redisKey) {
        return states.compute(name, (n, s) -> {
            LockState state = s == null ? new LockState(n, redisKey) : s;
            state.users++;
            return state;
        });
    }

    private void unref(LockState s) {
        states.computeIfPresent(s.name, (n, current) -> {
            current.users--;
            return current.users <= 0 ? null : current;
        });
    }

    private byte[] newToken() {
        return (localNodeId + ":" + tokens.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
    }

    private RedisClusterAsyncCommands<byte[], byte[]> async() {
        return redis.async();
    }

    /** Stops renewals and releases every lock this node still holds (best effort, bounded wait). */
    @Override
    public void close() {
        leases.close();
    }
}
