package org.ofclustering.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time limit of one whole handshake: a SOCKS5 greeting and request, or a link's TLS handshake
 * and hello. A socket timeout alone restarts with every byte, so a peer sending one byte now and
 * then would hold the handshake thread as long as it likes. Before each read the socket timeout is
 * therefore shrunk to the time left, and a watchdog closes the socket when the time is up: a TLS
 * handshake, or a read blocked in the kernel, cannot be cut short any other way.
 */
final class HandshakeDeadline {
    private static final Logger Log = LoggerFactory.getLogger(HandshakeDeadline.class);

    private static final int RUNNING = 0;
    private static final int STOPPED = 1;
    private static final int EXPIRED = 2;

    private final Socket socket;
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final ScheduledFuture<?> watchdog;

    /**
     * @param socket the TCP socket (under TLS, the one TLS runs on: closing it always unblocks)
     * @param limit  time the whole handshake may take from now
     * @param timers runs the watchdog
     */
    HandshakeDeadline(Socket socket, Duration limit, ScheduledExecutorService timers) {
        this.socket = socket;
        this.deadline = System.nanoTime() + limit.toNanos();
        ScheduledFuture<?> scheduled = null;
        try {
            scheduled = timers.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The bridge is stopping: the shrinking socket timeout alone still ends the handshake.
            Log.debug("No handshake watchdog while the bridge stops: {}", e.toString());
        }
        this.watchdog = scheduled;
    }

    /** Lets the next read (or TLS handshake) wait no longer than the time left. */
    void beforeRead() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0 || state.get() == EXPIRED) {
            throw new SocketTimeoutException("handshake deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999))));
    }

    /** {@code in} with {@link #beforeRead} applied to every read. */
    InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                beforeRead();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                beforeRead();
                return super.read(b, off, len);
            }
        };
    }

    /**
     * Ends the time limit. True when the handshake ended before the deadline: the socket stays open,
     * without socket timeout. False when the deadline passed (the watchdog may have closed the socket).
     */
    boolean stop() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (!state.compareAndSet(RUNNING, STOPPED) || System.nanoTime() - deadline >= 0) {
            return false;
        }
        try {
            socket.setSoTimeout(0);
        } catch (SocketException e) {
            // Only a closed socket refuses this; the caller's next write on it reports the failure.
            Log.debug("Clearing the handshake timeout of {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
        }
        return true;
    }

    private void expire() {
        if (state.compareAndSet(RUNNING, EXPIRED)) {
            try {
                socket.close();
            } catch (IOException e) {
                Log.debug("Closing {} at its handshake deadline failed: {}", socket.getRemoteSocketAddress(), e.toString());
            }
        }
    }
}
