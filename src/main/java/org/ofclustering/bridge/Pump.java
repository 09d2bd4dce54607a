package org.ofclustering.bridge;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies one direction of a transfer with a fixed buffer. Blocking writes give backpressure: a slow
 * receiver leaves the buffer full, this thread stops reading and TCP slows the sender.
 */
final class Pump implements Runnable {
    /** Told how a direction ended: {@code failure} is null at a clean end of stream. */
    interface Ending {
        void directionEnded(Transfer transfer, Leg from, Leg to, IOException failure);
    }

    private final Transfer transfer;
    private final Leg from;
    private final Leg to;
    private final AtomicLong counter;
    private final LongAdder total;
    private final int bufferSize;
    private final Ending ending;

    Pump(Transfer transfer, Leg from, Leg to, AtomicLong counter, LongAdder total, int bufferSize, Ending ending) {
        this.transfer = transfer;
        this.from = from;
        this.to = to;
        this.counter = counter;
        this.total = total;
        this.bufferSize = bufferSize;
        this.ending = ending;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[bufferSize];
        IOException failure = null;
        try {
            int n;
            while ((n = from.in.read(buffer)) >= 0) {
                to.out.write(buffer, 0, n);
                counter.addAndGet(n);
                total.add(n);
            }
        } catch (IOException e) {
            failure = e;
        }
        ending.directionEnded(transfer, from, to, failure);
    }
}
