package org.ofclustering.bridge;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reuses the relay buffers of plain-TCP legs. They are direct buffers, so bytes go from one
 * socket to the other without a copy through the Java heap; reusing them keeps their off-heap
 * memory bounded (at most {@code capacity} idle buffers are kept) and avoids allocating one per
 * transfer.
 */
final class DirectBufferPool {
    private final int bufferSize;
    private final int capacity;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    DirectBufferPool(int bufferSize, int capacity) {
        this.bufferSize = bufferSize;
        this.capacity = capacity;
    }

    ByteBuffer acquire() {
        ByteBuffer b = idle.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(bufferSize);
        }
        idleCount.decrementAndGet();
        b.clear();
        return b;
    }

    void release(ByteBuffer b) {
        if (idleCount.incrementAndGet() <= capacity) {
            idle.offer(b);
        } else {
            idleCount.decrementAndGet(); // dropped; the garbage collector frees its memory
        }
    }
}
