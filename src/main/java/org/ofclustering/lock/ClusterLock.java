package org.ofclustering.lock;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A cluster-wide lock on one name: re-entrant per thread, exclusive across nodes from the moment
 * {@link #lock()} (or a successful {@link #tryLock()}) returns. A cheap handle; all state lives in
 * {@link ClusterLocks}. {@link #newCondition()} is not supported: a condition would need
 * cluster-wide signalling, and Openfire never asks for one.
 *
 * <p>{@link #unlock()} sends nothing: the node keeps owning the lock until another node asks for
 * it. A {@link #tryLock()} without a timeout therefore waits up to
 * {@link LockSettings#tryLockWait()} for an idle owner on another node to hand the lock over.
 */
public final class ClusterLock implements Lock {
    private final ClusterLocks locks;
    final ByteBuffer name;
    final byte[] redisKey;
    final byte[] queueKey;
    final LockLabel label;

    ClusterLock(ClusterLocks locks, byte[] redisKey, byte[] queueKey, LockLabel label) {
        this.locks = locks;
        this.redisKey = redisKey;
        this.queueKey = queueKey;
        this.label = label;
        this.name = ByteBuffer.wrap(redisKey);
    }

    @Override
    public void lock() {
        locks.lock(this);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        locks.lockInterruptibly(this);
    }

    @Override
    public boolean tryLock() {
        try {
            return locks.tryLock(this, 0L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return locks.tryLock(this, Math.max(0L, unit.toNanos(time)));
    }

    /** @throws IllegalMonitorStateException when the calling thread does not hold this lock */
    @Override
    public void unlock() {
        locks.unlock(name);
    }

    /** Whether the calling thread holds this lock (on this node). */
    public boolean isHeldByCurrentThread() {
        return locks.isHeldByCurrentThread(name);
    }

    /** Always throws: conditions are not supported by cluster locks. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("cluster locks do not support conditions");
    }

    @Override
    public String toString() {
        return "ClusterLock[" + new String(redisKey, java.nio.charset.StandardCharsets.ISO_8859_1) + "]";
    }
}
