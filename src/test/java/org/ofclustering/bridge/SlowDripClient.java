package org.ofclustering.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer that stalls a handshake: it sends a first burst and one byte at once, then one more byte
 * per interval, reading in between, and notes when the other side closed the connection (end of stream
 * or reset). Its thread ends when the connection closed or every byte was sent.
 */
final class SlowDripClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final byte[] burst;
    private final byte[] drip;
    private final Duration interval;
    private final long connectedAt;
    private final AtomicInteger received = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile long closedAt;
    private volatile boolean stopping;

    private SlowDripClient(int port, byte[] burst, byte[] drip, Duration interval) throws IOException {
        this.burst = burst;
        this.drip = drip;
        this.interval = interval;
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        connectedAt = System.nanoTime();
        thread = new Thread(this::run, "slow-drip-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects to {@code port} on loopback and starts sending. */
    static SlowDripClient start(int port, byte[] burst, byte[] drip, Duration interval) throws IOException {
        return new SlowDripClient(port, burst, drip, interval);
    }

    private void run() {
        try {
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(burst);
            for (byte b : drip) {
                socket.getOutputStream().write(b);
                if (readFor(in, interval)) {
                    return;
                }
            }
        } catch (IOException e) {
            noteClosed();
        }
    }

    /** Reads whatever arrives during {@code time}; true when the connection closed meanwhile. */
    private boolean readFor(InputStream in, Duration time) throws IOException {
        long end = System.nanoTime() + time.toNanos();
        byte[] buf = new byte[256];
        for (long left = time.toMillis(); left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException quiet) {
                return false;
            }
            if (n < 0) {
                noteClosed();
                return true;
            }
            received.addAndGet(n);
        }
        return false;
    }

    private void noteClosed() {
        if (!stopping && closed.getCount() > 0) {
            closedAt = System.nanoTime();
            closed.countDown();
        }
    }

    /** Bytes the other side sent so far. */
    int received() {
        return received.get();
    }

    /** True once the other side closed the connection. */
    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /**
     * Waits until the other side closed the connection and returns how long after connecting it did;
     * fails when that did not happen within {@code max} of connecting.
     */
    Duration awaitClosed(Duration max) throws InterruptedException {
        long waitNanos = connectedAt + max.toNanos() - System.nanoTime();
        if (!closed.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("still connected " + max.toMillis() + " ms after connecting");
        }
        return Duration.ofNanos(closedAt - connectedAt);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopping = true;
        socket.close();
        thread.join(5000);
    }
}
