package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time limits against real sockets: a handshake must be complete within the handshake deadline
 * however slowly its bytes come (SOCKS5 and link), stalling clients do not keep a normal transfer
 * out, and an active transfer that moves nothing is closed after the idle timeout.
 */
class BridgeDeadlinesIT {
    private static final Duration HANDSHAKE = Duration.ofSeconds(3);
    private static final Duration IDLE = Duration.ofSeconds(2);
    /** How late after its deadline a close may come on a busy machine. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final Duration DRIP = Duration.ofSeconds(1);

    private static TwoNodeBridge nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodeBridge(s -> s.withTimeouts(HANDSHAKE, Duration.ofSeconds(30), Duration.ofSeconds(30))
                .withIdleTimeout(IDLE));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    private static String digest() {
        return TransferDigest.of(UUID.randomUUID().toString(), "carol@example.com/c", "dave@example.com/d");
    }

    /** A SOCKS5 greeting and CONNECT request for {@code digest}, as a client sends them. */
    private static byte[] socksHandshake(String digest) {
        byte[] name = digest.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[3 + 7 + name.length];
        all[0] = 5;
        all[1] = 1;
        all[3] = 5;
        all[4] = 1;
        all[6] = 3;
        all[7] = (byte) name.length;
        System.arraycopy(name, 0, all, 8, name.length);
        return all;
    }

    private static byte[] signedHello() {
        return new LinkAuthenticator(TwoNodeBridge.SECRET, Duration.ofSeconds(30), Clock.systemUTC())
                .sign(LinkHello.JOIN, digest(), "b").encode();
    }

    private static void assertClosedAtTheDeadline(SlowDripClient client, Duration deadline) throws InterruptedException {
        Duration after = client.awaitClosed(deadline.plus(MARGIN));
        assertTrue(after.compareTo(deadline.minusMillis(50)) >= 0,
                "closed " + after.toMillis() + " ms after connecting, not before the " + deadline.toMillis() + " ms deadline");
    }

    // ---------------------------------------------------------------- handshake deadline

    @Test
    void slowDripSocksClientsAreClosedAtTheHandshakeDeadline() throws Exception {
        long refusalsBefore = nodes.a.status().clientRefusals();
        List<SlowDripClient> dripping = new ArrayList<>();
        // Node a refuses nothing else in this class, so this is its first refusal of 127.0.0.1: logged at WARN.
        try (StderrLines log = new StderrLines()) {
            try {
                for (int i = 0; i < 5; i++) {
                    dripping.add(SlowDripClient.start(nodes.a.socksPort(), new byte[0], socksHandshake(digest()), DRIP));
                }
                for (SlowDripClient c : dripping) {
                    assertClosedAtTheDeadline(c, HANDSHAKE);
                }
            } finally {
                closeAll(dripping);
            }
            assertEquals(2, dripping.get(0).received(), "the greeting was answered (05 00) before the deadline");
            // The watchdog closes the socket; the handshake thread counts the refusal just after.
            TwoNodeBridge.await("5 refused clients counted", () -> nodes.a.status().clientRefusals() == refusalsBefore + 5);
            log.await("127.0.0.1: SOCKS5 handshake not completed within 3s, closed");
        }
        nodes.awaitIdle();
    }

    @Test
    void slowDripLinkPeerIsClosedAtTheHandshakeDeadline() throws Exception {
        long refusalsBefore = nodes.b.status().linkRefusals();
        // Node b refuses nothing else in this class (see the SOCKS5 test for node a).
        try (StderrLines log = new StderrLines();
             SlowDripClient peer = SlowDripClient.start(nodes.b.linkPort(), new byte[0], signedHello(), DRIP)) {
            assertClosedAtTheDeadline(peer, HANDSHAKE);
            assertEquals(0, peer.received(), "nothing answered");
            TwoNodeBridge.await("1 refused link counted", () -> nodes.b.status().linkRefusals() == refusalsBefore + 1);
            log.await("127.0.0.1: link handshake not completed within 3s, closed");
        }
    }

    @Test
    void transferBetweenTwoNodesSucceedsWhileFortyClientsAndFortyLinkPeersStall() throws Exception {
        Duration deadline = BridgeSettings.defaults().handshakeTimeout();
        try (TwoNodeBridge pair = new TwoNodeBridge(s -> s.withTimeouts(deadline, Duration.ofSeconds(30), Duration.ofSeconds(30)))) {
            List<SlowDripClient> stalling = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    byte[] handshake = socksHandshake(digest());
                    // The greeting at once, so that the method selection proves a handshake thread serves it.
                    stalling.add(SlowDripClient.start(pair.a.socksPort(), Arrays.copyOf(handshake, 3),
                            Arrays.copyOfRange(handshake, 3, handshake.length), DRIP));
                }
                for (int i = 0; i < 40; i++) {
                    stalling.add(SlowDripClient.start(pair.a.linkPort(), new byte[0], signedHello(), DRIP));
                }
                for (SlowDripClient c : stalling.subList(0, 40)) {
                    TwoNodeBridge.await("method selection sent to every stalling SOCKS5 client",
                            () -> c.received() == 2 || c.isClosed());
                }

                String d = digest();
                try (Socket target = Socks5TestClient.connect(pair.a.socksPort(), d);
                     Socket initiator = Socks5TestClient.connect(pair.b.socksPort(), d)) {
                    assertEquals(ActivationResult.ACTIVATED, pair.b.activate(d), "activation over a link to node a");
                    FutureTask<Payload.Received> received = new FutureTask<>(() -> Payload.receive(target.getInputStream()));
                    new Thread(received, "receiver").start();
                    String sent = Payload.send(initiator.getOutputStream(), 4 << 20, 31);
                    initiator.shutdownOutput();
                    Payload.Received r = received.get(30, TimeUnit.SECONDS);
                    assertEquals(4 << 20, r.bytes());
                    assertEquals(sent, r.sha256());
                }
                assertEquals(List.of(), stalling.stream().filter(SlowDripClient::isClosed).toList(),
                        "every stalling peer still held its handshake when the transfer was done");
                for (SlowDripClient c : stalling) {
                    assertClosedAtTheDeadline(c, deadline);
                }
            } finally {
                closeAll(stalling);
            }
            pair.awaitIdle();
        }
    }

    // ---------------------------------------------------------------- idle timeout

    /** The two clients of one activated transfer. */
    private record Legs(Socket target, Socket initiator) implements AutoCloseable {
        /** The target connects to {@code targetNode}, the initiator to {@code initiatorNode}, which activates. */
        static Legs active(FileTransferBridge targetNode, FileTransferBridge initiatorNode) throws IOException {
            String d = digest();
            Socket target = Socks5TestClient.connect(targetNode.socksPort(), d);
            Legs legs = new Legs(target, Socks5TestClient.connect(initiatorNode.socksPort(), d));
            assertEquals(ActivationResult.ACTIVATED, initiatorNode.activate(d));
            return legs;
        }

        @Override
        public void close() throws IOException {
            target.close();
            initiator.close();
        }
    }

    @Test
    void idleTransferOnOneNodeIsClosedAfterTheIdleTimeout() throws Exception {
        try (Legs legs = Legs.active(nodes.a, nodes.a)) {
            assertClosedWhenIdle(legs);
        }
        nodes.awaitIdle();
    }

    @Test
    void bytesNowAndThenKeepACrossNodeTransferOpenUntilItFallsIdle() throws Exception {
        try (Legs legs = Legs.active(nodes.a, nodes.b)) {
            // Five bytes 700 ms apart: 3.5 s in all, longer than the idle timeout, with no gap as long.
            for (int i = 0; i < 5; i++) {
                Thread.sleep(700);
                legs.initiator().getOutputStream().write(i);
                assertEquals(i, legs.target().getInputStream().read(), "transfer still open after " + (i + 1) + " bytes");
            }
            assertClosedWhenIdle(legs);
        }
        nodes.awaitIdle();
    }

    /**
     * Moves one kilobyte, then expects both clients to be closed, and both nodes to hold no transfer,
     * one idle timeout later.
     */
    private static void assertClosedWhenIdle(Legs legs) throws IOException, InterruptedException {
        Socket target = legs.target();
        Socket initiator = legs.initiator();
        initiator.getOutputStream().write(new byte[1000]);
        assertEquals(1000, target.getInputStream().readNBytes(1000).length);
        long lastByte = System.nanoTime();
        assertEquals(0, Socks5TestClient.readToEnd(target), "target's stream ended");
        Duration after = Duration.ofNanos(System.nanoTime() - lastByte);
        assertEquals(0, Socks5TestClient.readToEnd(initiator), "initiator's stream ended");
        assertTrue(after.compareTo(IDLE.minusMillis(300)) >= 0 && after.compareTo(IDLE.plus(MARGIN)) <= 0,
                "closed " + after.toMillis() + " ms after the last byte, idle timeout " + IDLE.toMillis() + " ms");
        long limit = lastByte + IDLE.plus(MARGIN).toNanos();
        while (!nodes.a.status().transfers().isEmpty() || !nodes.b.status().transfers().isEmpty()) {
            assertTrue(System.nanoTime() < limit, "transfers left one idle timeout after the last byte: "
                    + nodes.a.status().transfers() + " " + nodes.b.status().transfers());
            Thread.sleep(20);
        }
    }

    private static void closeAll(List<SlowDripClient> clients) throws IOException, InterruptedException {
        for (SlowDripClient c : clients) {
            c.close();
        }
    }

    /**
     * Lines the bridge logs (the test logger writes to standard error, looked up on every line),
     * copied to the real standard error as well.
     */
    private static final class StderrLines implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        StderrLines() {
            System.setErr(new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    original.write(b);
                    synchronized (copy) {
                        copy.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    original.write(b, off, len);
                    synchronized (copy) {
                        copy.write(b, off, len);
                    }
                }
            }, true, StandardCharsets.UTF_8));
        }

        /** Waits (bounded) for a logged line containing {@code text}. */
        void await(String text) throws InterruptedException {
            TwoNodeBridge.await("a log line containing '" + text + "'", () -> {
                synchronized (copy) {
                    return copy.toString(StandardCharsets.UTF_8).contains(text);
                }
            });
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
