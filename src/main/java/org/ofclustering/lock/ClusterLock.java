package org.ofclustering.lock;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A cluster-wide lock on one name: re-entrant per thread, exclusive across nodes. A cheap handle;
 * all state lives in {@link ClusterLocks}. {@link #newCondition()} is not supported: a condition
 * would need cluster-wide signalling, and Openfire never asks for one.
 *
 * <p>{@link #unlock()} does not wait for Redis: threads of the same node see the lock free at once,
 * another node up to one round trip later, so a {@link #tryLock()} without waiting on another node
 * right after an unlock may still fail.
 */
public final class ClusterLock implements Lock {
    private final ClusterLocks locks;
    private final ByteBuffer name;
    private final byte[] redisKey;

    ClusterLock(ClusterLocks locks, byte[] redisKey) {
        this.locks = locks;
        this.redisKey = redisKey;
        this.name = ByteBuffer.wrap(redisKey);
    }

    @Override
    public void lock() {
        locks.lock(name, redisKey);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        locks.lockInterruptibly(name, redisKey);
    }

    @Override
    public boolean tryLock() {
        try {
            return locks.tryLock(name, redisKey, 0L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return locks.tryLock(name, redisKey, Math.max(0L, unit.toNanos(time)));
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
