package org.ofclustering.lock;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock name on this node: the local re-entrant lock that threads of this node queue on, and
 * the state of the remote lease held for it. Remote fields are written only by the thread holding
 * {@link #local}; the watchdog reads them.
 */
final class LockState {
    final ByteBuffer name;
    final byte[] redisKey;
    final ReentrantLock local = new ReentrantLock();
    /** Threads that referenced this state through lock()/tryLock(); guarded by the registry map. */
    int users;
    /** The owner token of the current remote hold (or acquisition in flight). */
    volatile byte[] token;
    /** The pipelined acquisition still unconfirmed, or null. */
    CompletableFuture<Long> pending;
    /** False while the acquisition is deferred (nothing sent to Redis yet). */
    boolean sent;
    /** True while Redis holds the lock for {@link #token}. */
    volatile boolean held;

    LockState(ByteBuffer name, byte[] redisKey) {
        this.name = name;
        this.redisKey = redisKey;
    }

    String printableName() {
        return new String(redisKey, java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    }
}
