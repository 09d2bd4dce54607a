package org.ofclustering.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock name on this node: the local re-entrant lock that threads of this node queue on, and
 * whether this node owns the name in Redis. Ownership fields are written by the thread holding
 * {@link #local} (or by the push thread after it took {@link #local}); other threads read them.
 */
final class LockState {
    final ByteBuffer name;
    final byte[] redisKey;
    final byte[] queueKey;
    final LockLabel label;
    final ReentrantLock local = new ReentrantLock();
    /** Threads that referenced this state through lock()/tryLock(); guarded by the registry map. */
    int users;
    /** True while Redis holds {@link #ownerValue} for this name: a first hold needs no round trip. */
    volatile boolean owned;
    /** The fencing token the ownership was taken under; an ownership of an older token is void. */
    volatile long ownerToken;
    /** The value the lock key holds while this node owns it ({@code "<node id> <token>"}). */
    volatile byte[] ownerValue;
    /** Counts ownership changes, so a copy made under one ownership is never used under the next. */
    volatile long generation;
    /** Another node asked for this lock: hand it over once the local holders are done. */
    volatile boolean handOverRequested;
    volatile long ownedSinceNanos;
    volatile long lastUsedNanos;
    /** Completed by the grant push; a waiting thread then confirms the grant with Redis. */
    volatile CompletableFuture<Void> grant = new CompletableFuture<>();

    LockState(ByteBuffer name, byte[] redisKey, byte[] queueKey, LockLabel label) {
        this.name = name;
        this.redisKey = redisKey;
        this.queueKey = queueKey;
        this.label = label;
    }

    boolean ownedUnder(long token) {
        return owned && ownerToken == token;
    }

    /**
     * Redis refused a write because the lock key no longer holds {@code value} (Redis lost it, or
     * another node took it over after this node's lease ended): the ownership is void.
     */
    void lost(byte[] value) {
        if (ownerValue == value) {
            owned = false;
            generation++;
        }
    }

    /** A fresh future for the next grant push (armed before the acquisition is sent). */
    CompletableFuture<Void> armGrant() {
        CompletableFuture<Void> next = new CompletableFuture<>();
        grant = next;
        return next;
    }

    String printableName() {
        return new String(redisKey, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    }
}
