package org.ofclustering.lock;

import io.lettuce.core.RedisCommandExecutionException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one clustered write carries so that Redis refuses it when its writer has lost the right to
 * make it: the writer's lease key with its fencing token (when a membership guards the node), then
 * the key and owner token of every cluster lock the writing thread holds. The write script compares
 * each pair ({@link MemberFence#scriptCheck}) and fails with {@code FENCED <n>}, n being the first
 * pair that no longer matches; {@link #translate} names the lease or the lock that was lost.
 */
public final class WriteFence {
    private final MemberFence fence;
    private final long token;
    private final MemberFence.Proof lease;
    private final List<HeldLock> locks;
    private final int extraKeys;

    /** A lock the writing thread holds, with the owner value Redis must still hold for it. */
    record HeldLock(LockState state, byte[] ownerValue) {
        byte[] redisKey() {
            return state.redisKey;
        }
    }

    WriteFence(MemberFence fence, long token, MemberFence.Proof lease, List<HeldLock> locks) {
        this.fence = fence;
        this.token = token;
        this.lease = lease;
        this.locks = locks;
        this.extraKeys = (lease.leaseKey() != null ? 1 : 0) + locks.size();
    }

    /** The script's keys: its own, then the lease key and the lock keys to compare. */
    public byte[][] keys(byte[][] own) {
        return withChecks(own, lease.leaseKey(), HeldLock::redisKey);
    }

    /** The script's arguments: its own, then the expected values of {@link #keys}' extra keys. */
    public byte[][] args(byte[][] own) {
        return withChecks(own, lease.token(), HeldLock::ownerValue);
    }

    private byte[][] withChecks(byte[][] own, byte[] leasePart, Function<HeldLock, byte[]> lockPart) {
        if (extraKeys == 0) {
            return own;
        }
        List<byte[]> all = new ArrayList<>(List.of(own));
        if (leasePart != null) {
            all.add(leasePart);
        }
        for (HeldLock s : locks) {
            all.add(lockPart.apply(s));
        }
        return all.toArray(new byte[0][]);
    }

    /**
     * Turns the script's {@code FENCED <n>} error into the exception naming what was lost; other
     * failures pass. A refused lease means the node is being fenced: this waits for its standing
     * ({@link MemberFence#awaitStanding}) and answers with a {@link NodeFencedException#standalone()}
     * one when the node now runs on local caches, where the caller may redirect the write.
     */
    public RuntimeException translate(RuntimeException e, String action) {
        if (!(e instanceof RedisCommandExecutionException) || e.getMessage() == null || !e.getMessage().startsWith(MemberFence.SCRIPT_ERROR)) {
            return e;
        }
        RuntimeException refusal = refusal(e, action);
        for (Throwable s : e.getSuppressed()) {
            refusal.addSuppressed(s); // e.g. an earlier attempt lost with its connection, which may have been applied
        }
        return refusal;
    }

    private RuntimeException refusal(RuntimeException e, String action) {
        int failed = failedIndex(e.getMessage());
        boolean leaseIncluded = lease.leaseKey() != null;
        int lockIndex = failed - (leaseIncluded ? 1 : 0) - 1;
        if (lockIndex >= 0 && lockIndex < locks.size()) {
            HeldLock lostLock = locks.get(lockIndex);
            lostLock.state().lost(lostLock.ownerValue());
            return lost(lostLock.state().printableName(), action);
        }
        return fence.awaitStanding(token, action) == MemberFence.Standing.STANDALONE
                ? MemberFence.standalone(action)
                : MemberFence.fenced(action);
    }

    static ClusterLockLostException lost(String lockName, String action) {
        return new ClusterLockLostException("Cluster lock " + lockName + " held by this thread was lost (this node's membership lease ended, or Redis lost it): "
                + action + " refused");
    }

    private static int failedIndex(String message) {
        String[] words = message.split(" ");
        try {
            return words.length > 1 ? Integer.parseInt(words[1]) : 1;
        } catch (NumberFormatException notNumbered) {
            return 1;
        }
    }

    @Override
    public String toString() {
        return "WriteFence[" + extraKeys + " checks]";
    }
}
