package org.ofclustering.lock;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ofclustering.membership.LeaseGuard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a node whose membership lease ended from acting on cluster locks and clustered entries.
 *
 * <p>Two checks, because one is not enough. Before sending, the node asks its {@link LeaseGuard}
 * (a local clock reading that turns false before the others may declare it dead, see
 * {@code MembershipService}). A thread that passed that check and was then frozen (GC pause,
 * SIGSTOP) would still send its command after waking up; so, where Redis can see both keys in one
 * script (standalone and Sentinel), the script itself also compares the node's lease key with the
 * fencing token the node believes it holds, and refuses with a {@code FENCED} error when the lease
 * is gone or belongs to a newer membership period. In Redis Cluster mode the lease key lives in
 * another slot, so only the local check applies.
 *
 * <p><b>A fence is a transition, not an error.</b> A Redis restart or fail-over fences every node
 * for a moment; an operation that finds its node fenced waits ({@link #awaitStanding}) until the
 * node knows where it stands: a member again under a new token (the operation goes on under it),
 * or not a member and running on its own local caches ({@link Standing#STANDALONE}, set by the
 * Openfire adapter once core has switched to them; the operation is then redirected there). The
 * wait is bounded by {@link #transitionWait()}: fence to standalone needs no Redis, only the local
 * lease deadline (at most the renewal deadline after the last renewal) and core's left-cluster
 * handling (bounded by the adapter), so the bound is their sum with a margin.
 *
 * <p>Until {@link #guardWith} is called nothing is fenced: the engine used without membership
 * (tests, benchmarks) behaves as before.
 */
public final class MemberFence {
    /** Prefix of the error a fenced write script returns ({@code FENCED <n>}, see {@link WriteFence}). */
    public static final String SCRIPT_ERROR = "FENCED";

    /** Default of {@link #transitionWait()}: a 4 s renewal deadline, 30 s of core's left-cluster handling, a margin. */
    public static final Duration DEFAULT_TRANSITION_WAIT = Duration.ofSeconds(40);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Where a node that found itself fenced stands once the transition is over. */
    public enum Standing {
        /** A member again (or never fenced): the operation goes on under the current token. */
        MEMBER,
        /** Not a member, and the node's users are served from local caches until it rejoins. */
        STANDALONE
    }

    private final boolean checkedInRedis;
    private volatile LeaseGuard guard;
    private volatile byte[] leaseKey; // the guard's lease key, encoded once
    private volatile ProofOfToken lastProof;
    private volatile boolean standalone;
    private volatile Duration transitionWait = DEFAULT_TRANSITION_WAIT;
    private volatile Predicate<Thread> mustNotWait = t -> false;
    private volatile RejoinPreference rejoinPreference = RejoinPreference.NONE;
    /** Threads waiting in {@link #awaitStanding} right now. */
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    MemberFence(boolean checkedInRedis) {
        this.checkedInRedis = checkedInRedis;
    }

    /** Whether scripts also compare the lease and lock keys in Redis (not in Redis Cluster mode). */
    boolean checkedInRedis() {
        return checkedInRedis;
    }

    /** From now on every lock acquisition and clustered write must be covered by {@code leaseGuard}. */
    public void guardWith(LeaseGuard leaseGuard) {
        this.leaseKey = leaseGuard.leaseKey().getBytes(StandardCharsets.UTF_8);
        this.guard = leaseGuard;
    }

    /**
     * Set by the Openfire adapter: true once core serves this node's users from local caches
     * because the node is not a member (after a fence or a leave), false when it joins again.
     */
    public void runsStandalone(boolean value) {
        this.standalone = value;
    }

    /**
     * Threads that must never wait for a standing: the thread that delivers the very events that end
     * the transition (Openfire's cluster-event thread) would wait for itself. On such a thread a
     * fenced operation fails at once, unless the node already runs standalone.
     */
    public void neverWaitOn(Predicate<Thread> threads) {
        this.mustNotWait = Objects.requireNonNull(threads, "threads");
    }

    /** How long an operation waits at most for a fenced node to know where it stands. */
    public Duration transitionWait() {
        return transitionWait;
    }

    public void transitionWait(Duration bound) {
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("transition wait must be positive: " + bound);
        }
        this.transitionWait = bound;
    }

    /**
     * What a fenced operation must carry; {@link Proof#NONE} when no membership guards this node or
     * Redis cannot compare the lease key (Redis Cluster). When the lease is not valid now, waits for
     * the node's {@link Standing} first and goes on if it is a member again.
     *
     * @param action what the caller is about to do, for the exception message
     * @throws NodeFencedException when the node runs standalone ({@link NodeFencedException#standalone()}),
     *                             or is still fenced after {@link #transitionWait()}
     */
    public Proof proof(String action) {
        return proof(() -> action);
    }

    /**
     * {@link #proof(String)} with the action described only when it is needed (a wait or a refusal):
     * for the hot path, where the proof is asked for every lock acquisition.
     */
    public Proof proof(Supplier<String> action) {
        LeaseGuard g = guard;
        if (g == null) {
            return Proof.NONE;
        }
        long token = g.fencingToken();
        if (token < 0 || !g.holdsValidLease()) {
            String described = action.get();
            // The local check failed, Redis refused nothing: the same token counts once it is confirmed again.
            if (awaitStanding(-1, described) == Standing.STANDALONE) {
                throw standalone(described);
            }
            token = g.fencingToken();
        }
        if (!checkedInRedis) {
            return Proof.NONE;
        }
        ProofOfToken last = lastProof;
        byte[] key = leaseKey;
        if (last != null && last.token() == token && last.proof().leaseKey() == key) {
            return last.proof();
        }
        Proof fresh = new Proof(key, Long.toString(token).getBytes(StandardCharsets.US_ASCII));
        lastProof = new ProofOfToken(token, fresh);
        return fresh;
    }

    /**
     * Called before a read of clustered entries: waits, as {@link #proof} does, while the lease is
     * not valid (fenced, or not confirmed since a Redis connection was lost), so that a read never
     * takes an empty Redis for the cluster's state. Returns a ticket for {@link #readTrusted}. On a
     * thread that must never wait ({@link #neverWaitOn}) the read goes on at once.
     *
     * @throws NodeFencedException as {@link #proof} (standalone: read the local caches instead)
     */
    public long beforeRead(Supplier<String> action) {
        LeaseGuard g = guard;
        if (g == null) {
            return 0;
        }
        if ((g.fencingToken() < 0 || !g.holdsValidLease()) && !mustNotWait.test(Thread.currentThread())) {
            // Openfire's cluster-event thread reads as before: a refusal there would abort a core listener.
            String described = action.get();
            if (awaitStanding(-1, described) == Standing.STANDALONE) {
                throw standalone(described);
            }
        }
        return g.connectionLosses();
    }

    /**
     * Whether a read that began with {@code ticket} answers for the cluster: no Redis connection
     * was lost while it ran (a read sent again after a reconnect may have met a Redis that lost its
     * data) and the lease is still valid. When false, read again after {@link #beforeRead}.
     */
    public boolean readTrusted(long ticket) {
        LeaseGuard g = guard;
        return g == null || (g.connectionLosses() == ticket && g.fencingToken() >= 0 && g.holdsValidLease())
                || mustNotWait.test(Thread.currentThread());
    }

    /**
     * Threads for which a fence is better waited out until the node is a member again with
     * complete routes than served from local caches: a user's stanza being routed, whose recipient
     * on another node is unknown to the local caches (core would store the stanza offline). Such a
     * thread goes on standalone only after {@code bound}; as a member only once
     * {@code routesComplete} holds or {@code bound} passed.
     */
    public void preferRejoinOn(Predicate<Thread> threads, BooleanSupplier routesComplete, Duration bound) {
        this.rejoinPreference = new RejoinPreference(Objects.requireNonNull(threads, "threads"),
                Objects.requireNonNull(routesComplete, "routesComplete"), bound.toNanos());
    }

    private record RejoinPreference(Predicate<Thread> threads, BooleanSupplier routesComplete, long boundNanos) {
        static final RejoinPreference NONE = new RejoinPreference(t -> false, () -> true, 0);
    }

    /**
     * The fencing token of this node's current membership period, the part of its lock owner value
     * that binds an ownership to the lease: 0 when no membership guards this node.
     */
    long currentToken() {
        LeaseGuard g = guard;
        return g == null ? 0L : g.fencingToken();
    }

    /** Whether this node may act now: no membership guards it, or its lease is valid. */
    public boolean mayAct() {
        LeaseGuard g = guard;
        return g == null || (g.fencingToken() >= 0 && g.holdsValidLease());
    }

    /**
     * Waits until a node that may not act under {@code refusedToken} (its local lease check failed,
     * or Redis refused that token) knows where it stands: a member under another token, or
     * standalone. Polls every 5 ms: a fence is rare and short, and polling cannot miss a wake-up.
     *
     * @throws NodeFencedException when neither happened within {@link #transitionWait()}
     */
    public Standing awaitStanding(long refusedToken, String action) {
        Thread self = Thread.currentThread();
        waiting.add(self);
        try {
            return standing(refusedToken, action);
        } finally {
            waiting.remove(self);
        }
    }

    /** Whether {@code thread} waits in this fence now (it can go on only once the node rejoined or runs standalone). */
    public boolean isWaiting(Thread thread) {
        return waiting.contains(thread);
    }

    private Standing standing(long refusedToken, String action) {
        long bound = transitionWait.toNanos();
        long start = System.nanoTime();
        boolean mayWait = !mustNotWait.test(Thread.currentThread());
        RejoinPreference preference = rejoinPreference;
        boolean prefersRejoin = mayWait && preference.threads().test(Thread.currentThread());
        while (true) {
            LeaseGuard g = guard;
            if (g == null) {
                return Standing.MEMBER;
            }
            long token = g.fencingToken();
            boolean valid = token >= 0 && g.holdsValidLease();
            boolean preferenceOver = !prefersRejoin || System.nanoTime() - start > preference.boundNanos();
            if (valid && token != refusedToken && (preferenceOver || preference.routesComplete().getAsBoolean())) {
                return Standing.MEMBER;
            }
            if (!valid && standalone && preferenceOver) {
                return Standing.STANDALONE;
            }
            if (!mayWait) {
                throw new NodeFencedException("This node's cluster membership lease is not valid: " + action
                        + " refused (on a thread that delivers the events which end the fence, so it cannot wait for them)", false);
            }
            if (System.nanoTime() - start > bound) {
                throw new NodeFencedException("This node's cluster membership lease is not valid: " + action
                        + " refused after waiting " + transitionWait.toMillis() + " ms for the node to rejoin or run standalone", false);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new NodeFencedException("Interrupted while this node was fenced: " + action + " refused", false);
            }
        }
    }

    /** The exception for an operation refused because this node is fenced. */
    public static NodeFencedException fenced(String action) {
        return new NodeFencedException("This node's cluster membership lease is not valid: " + action
                + " refused (the node is fenced until it rejoins)", false);
    }

    /** The exception for an operation that must go to the node's local caches: it runs standalone now. */
    static NodeFencedException standalone(String action) {
        return new NodeFencedException("This node is not a cluster member and serves its users from local caches: " + action
                + " refused on the clustered cache", true);
    }

    /**
     * The lease key and token a script compares before it acts ({@code leaseKey} null: nothing to
     * compare in Redis). Scripts take the lease key as their last KEY and the token as their last ARGV.
     */
    /** The proof last made, reused while the token is the same (its arrays are never changed). */
    private record ProofOfToken(long token, Proof proof) {
    }

    public record Proof(byte[] leaseKey, byte[] token) {
        static final Proof NONE = new Proof(null, null);

        public byte[][] keys(byte[][] keys) {
            return leaseKey == null ? keys : append(keys, leaseKey);
        }

        public byte[][] args(byte[][] args) {
            return leaseKey == null ? args : append(args, token);
        }

        private static byte[][] append(byte[][] to, byte[] last) {
            byte[][] out = Arrays.copyOf(to, to.length + 1);
            out[to.length] = last;
            return out;
        }
    }

    /**
     * Lua that returns {@code refusal} when a key the script got beyond its own {@code keysWithout}
     * does not hold the value expected for it: the extra keys (lease key, lock keys) come last in
     * KEYS, their expected values last in ARGV, in the same order. {@code refusal} may use {@code i},
     * the 1-based number of the first extra key that failed.
     */
    public static String scriptCheck(int keysWithout, String refusal) {
        return "local fenceKeys = #KEYS - " + keysWithout + "\n"
                + "for i = 1, fenceKeys do\n"
                + "  if redis.call('GET', KEYS[" + keysWithout + " + i]) ~= ARGV[#ARGV - fenceKeys + i] then return " + refusal + " end\n"
                + "end\n";
    }
}
