package org.ofclustering.bridge;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one leg of a transfer from the moment it is admitted, so that a client or node that goes
 * away is noticed at once, even before activation. Bytes are forwarded to the other leg only after
 * activation (until then at most one buffer is held and TCP holds the sender back). Blocking writes
 * give backpressure: a slow receiver leaves the buffer full, this thread stops reading and TCP slows
 * the sender. The buffer is the only per-direction heap.
 */
final class Pump implements Runnable {
    /** What the pump needs from the bridge. */
    interface Bridge {
        /** Blocks until the transfer is active and returns the leg to write to, or null once it closed. */
        Leg awaitActivation(Transfer transfer, Leg from) throws InterruptedException;

        /** How the direction ended: {@code failure} is null at a clean end of stream. */
        void directionEnded(Transfer transfer, Leg from, IOException failure);
    }

    private final Transfer transfer;
    private final Leg from;
    private final AtomicLong counter;
    private final LongAdder total;
    private final int bufferSize;
    private final Bridge bridge;

    Pump(Transfer transfer, Leg from, AtomicLong counter, LongAdder total, int bufferSize, Bridge bridge) {
        this.transfer = transfer;
        this.from = from;
        this.counter = counter;
        this.total = total;
        this.bufferSize = bufferSize;
        this.bridge = bridge;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[bufferSize];
        IOException failure = null;
        Leg to = null;
        try {
            int n;
            while ((n = from.in.read(buffer)) >= 0) {
                if (to == null) {
                    to = bridge.awaitActivation(transfer, from);
                    if (to == null) {
                        return;
                    }
                }
                to.out.write(buffer, 0, n);
                counter.addAndGet(n);
                total.add(n);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new IOException("bridge stopping");
        }
        bridge.directionEnded(transfer, from, failure);
    }
}
