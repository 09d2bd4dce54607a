package org.ofclustering.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one leg of a transfer from the moment it is admitted, so that a client or node that goes
 * away is noticed at once, even before activation. Bytes are forwarded to the other leg only after
 * activation (until then at most one buffer is held and TCP holds the sender back). Blocking writes
 * give backpressure: a slow receiver leaves the buffer full, this thread stops reading and TCP slows
 * the sender. One fixed buffer per direction: a pooled direct buffer between plain-TCP sockets (no
 * copy through the heap), a heap array when a TLS link is involved.
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
    private final DirectBufferPool buffers;
    private final Bridge bridge;

    Pump(Transfer transfer, Leg from, AtomicLong counter, LongAdder total, int bufferSize, DirectBufferPool buffers,
         Bridge bridge) {
        this.transfer = transfer;
        this.from = from;
        this.counter = counter;
        this.total = total;
        this.bufferSize = bufferSize;
        this.buffers = buffers;
        this.bridge = bridge;
    }

    @Override
    public void run() {
        IOException failure = null;
        try {
            if (from.channel != null) {
                relayFromChannel();
            } else {
                relayFromStream();
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new IOException("bridge stopping");
        } catch (Closed c) {
            return;
        }
        bridge.directionEnded(transfer, from, failure);
    }

    /** Thrown when the transfer closed while this pump waited for activation. */
    private static final class Closed extends Exception {
        Closed() {
            super(null, null, false, false);
        }
    }

    private Leg destination(Leg known) throws InterruptedException, Closed {
        if (known != null) {
            return known;
        }
        Leg to = bridge.awaitActivation(transfer, from);
        if (to == null) {
            throw new Closed();
        }
        return to;
    }

    private void relayFromChannel() throws IOException, InterruptedException, Closed {
        ByteBuffer buffer = buffers.acquire();
        try {
            Leg to = null;
            byte[] array = null;
            int n;
            while ((n = from.channel.read(buffer)) >= 0) {
                to = destination(to);
                buffer.flip();
                if (to.channel != null) {
                    while (buffer.hasRemaining()) {
                        to.channel.write(buffer);
                    }
                } else {
                    if (array == null) {
                        array = new byte[bufferSize];
                    }
                    buffer.get(array, 0, n);
                    to.out.write(array, 0, n);
                }
                buffer.clear();
                counter.addAndGet(n);
                total.add(n);
            }
        } finally {
            buffers.release(buffer);
        }
    }

    private void relayFromStream() throws IOException, InterruptedException, Closed {
        byte[] buffer = new byte[bufferSize];
        Leg to = null;
        int n;
        while ((n = from.in.read(buffer)) >= 0) {
            to = destination(to);
            to.out.write(buffer, 0, n);
            counter.addAndGet(n);
            total.add(n);
        }
    }
}
