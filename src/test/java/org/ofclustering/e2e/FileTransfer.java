package org.ofclustering.e2e;

import org.jivesoftware.smackx.bytestreams.BytestreamListener;
import org.jivesoftware.smackx.bytestreams.BytestreamRequest;
import org.jivesoftware.smackx.bytestreams.BytestreamSession;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamManager;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One XEP-0065 transfer between two Smack users through the server's SOCKS5 proxy: the sender
 * streams pseudo-random bytes, the receiver accepts and hashes what arrives.
 */
public final class FileTransfer {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private FileTransfer() {
    }

    /** What was sent and received, and how long the bytes took from session open to the last byte read. */
    public record Result(long receivedBytes, byte[] sentDigest, byte[] receivedDigest, Duration elapsed) {
        public double megabytesPerSecond() {
            return receivedBytes / 1e6 / (elapsed.toNanos() / 1e9);
        }
    }

    /** Sends {@code size} bytes and fails unless exactly those bytes arrived; {@code what} names the transfer. */
    public static Result sendIntact(XmppClient from, XmppClient to, int size, String what) throws Exception {
        Result result = send(from, to, size);
        assertEquals(size, result.receivedBytes(), "bytes received: " + what);
        assertEquals(HexFormat.of().formatHex(result.sentDigest()), HexFormat.of().formatHex(result.receivedDigest()),
                "SHA-256 of what arrived: " + what);
        return result;
    }

    public static Result send(XmppClient from, XmppClient to, int size) throws Exception {
        CompletableFuture<long[]> received = new CompletableFuture<>();
        CompletableFuture<byte[]> receivedDigest = new CompletableFuture<>();
        Socks5BytestreamManager receiving = Socks5BytestreamManager.getBytestreamManager(to.connection());
        BytestreamListener listener = new BytestreamListener() {
            @Override
            public void incomingBytestreamRequest(BytestreamRequest request) {
                try {
                    BytestreamSession session = request.accept();
                    MessageDigest sha = sha256();
                    long total = 0;
                    try (InputStream in = session.getInputStream()) {
                        byte[] buffer = new byte[64 * 1024];
                        int n;
                        while ((n = in.read(buffer)) != -1) {
                            sha.update(buffer, 0, n);
                            total += n;
                        }
                    }
                    received.complete(new long[]{total, System.nanoTime()});
                    receivedDigest.complete(sha.digest());
                } catch (Exception e) {
                    received.completeExceptionally(e);
                    receivedDigest.completeExceptionally(e);
                }
            }
        };
        receiving.addIncomingBytestreamListener(listener, from.jid());
        try {
            Socks5BytestreamManager sending = Socks5BytestreamManager.getBytestreamManager(from.connection());
            MessageDigest sha = sha256();
            long start = System.nanoTime();
            BytestreamSession session = sending.establishSession(to.jid());
            try (OutputStream out = session.getOutputStream()) {
                Random random = new Random(size);
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < size; sent += chunk.length) {
                    random.nextBytes(chunk);
                    int n = Math.min(chunk.length, size - sent);
                    sha.update(chunk, 0, n);
                    out.write(chunk, 0, n);
                }
            }
            long[] arrival = received.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Result(arrival[0], sha.digest(), receivedDigest.get(), Duration.ofNanos(arrival[1] - start));
        } finally {
            receiving.removeIncomingBytestreamListener(from.jid());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
