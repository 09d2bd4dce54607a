package org.ofclustering.lock;

import org.ofclustering.membership.LeaseGuard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * <p>Until {@link #guardWith} is called nothing is fenced: the engine used without membership
 * (tests, benchmarks) behaves as before.
 */
public final class MemberFence {
    /** Prefix of the error a fenced write script returns ({@code FENCED <n>}, see {@link WriteFence}). */
    public static final String SCRIPT_ERROR = "FENCED";

    private final boolean checkedInRedis;
    private volatile LeaseGuard guard;
    private volatile byte[] leaseKey; // the guard's lease key, encoded once

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
     * What a fenced operation must carry; {@link Proof#NONE} when no membership guards this node or
     * Redis cannot compare the lease key (Redis Cluster).
     *
     * @param action what the caller is about to do, for the exception message
     * @throws NodeFencedException when the lease is not valid now
     */
    public Proof proof(String action) {
        LeaseGuard g = guard;
        if (g == null) {
            return Proof.NONE;
        }
        long token = g.fencingToken();
        if (token < 0 || !g.holdsValidLease()) {
            throw fenced(action);
        }
        return checkedInRedis
                ? new Proof(leaseKey, Long.toString(token).getBytes(StandardCharsets.US_ASCII))
                : Proof.NONE;
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
    boolean mayAct() {
        LeaseGuard g = guard;
        return g == null || (g.fencingToken() >= 0 && g.holdsValidLease());
    }

    /** The exception for an operation refused because this node is fenced. */
    public static NodeFencedException fenced(String action) {
        return new NodeFencedException("This node's cluster membership lease is not valid: " + action
                + " refused (the node is fenced until it rejoins)");
    }

    /**
     * The lease key and token a script compares before it acts ({@code leaseKey} null: nothing to
     * compare in Redis). Scripts take the lease key as their last KEY and the token as their last ARGV.
     */
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
