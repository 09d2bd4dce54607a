package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timeouts, clients that disappear mid-transfer and backpressure, with real SOCKS5 clients against
 * two bridge nodes (short pairing and activation timeouts).
 */
class BridgeFailureIT {
    private static TwoNodeBridge nodes;
    private static ExecutorService clients;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodeBridge(s -> s.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        clients = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        nodes.close();
    }

    private static String digest() {
        return TransferDigest.of(UUID.randomUUID().toString(), "alice@example.com/a", "bob@example.com/b");
    }

    /** Writes pseudo-random bytes until the stream fails or {@code limit} bytes were written; counts them. */
    private static Future<IOException> sendUntilFailure(OutputStream out, long limit, AtomicLong written) {
        return clients.submit(() -> {
            byte[] chunk = new byte[16 * 1024];
            new java.util.Random(7).nextBytes(chunk);
            try {
                while (written.get() < limit) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        });
    }

    @Test
    void unpairedLegIsClosedAfterThePairTimeoutAndItsClaimRemoved() throws Exception {
        try (Socket lonely = Socks5TestClient.connect(nodes.a.socksPort(), digest())) {
            assertEquals(1, nodes.redisKeys().size(), "the leg is claimed in Redis");
            assertEquals(0, Socks5TestClient.readToEnd(lonely), "closed by the proxy");
        }
        nodes.awaitIdle();
    }

    @Test
    void pairedTransferNeverActivatedIsClosedAfterTheActivationTimeout() throws Exception {
        String d = digest();
        try (Socket target = Socks5TestClient.connect(nodes.a.socksPort(), d);
             Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), d)) {
            assertEquals(0, Socks5TestClient.readToEnd(target));
            assertEquals(0, Socks5TestClient.readToEnd(initiator));
        }
        nodes.awaitIdle();
    }

    @Test
    void receiverThatDisappearsMidTransferClosesTheSenderAcrossNodes() throws Exception {
        String d = digest();
        Socket target = Socks5TestClient.connect(nodes.a.socksPort(), d);
        try (Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), d)) {
            assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(d));
            AtomicLong written = new AtomicLong();
            Future<IOException> sender = sendUntilFailure(initiator.getOutputStream(), 4L << 30, written);
            target.getInputStream().readNBytes(1 << 20);
            target.close();
            IOException failure = sender.get(20, TimeUnit.SECONDS);
            assertTrue(failure != null, "the sender's connection was closed, after " + written.get() + " bytes");
        }
        nodes.awaitIdle();
    }

    @Test
    void senderThatDisappearsMidTransferEndsTheReceiversStream() throws Exception {
        String d = digest();
        Socket target = Socks5TestClient.connect(nodes.b.socksPort(), d);
        Socket initiator = Socks5TestClient.connect(nodes.a.socksPort(), d);
        assertEquals(ActivationResult.ACTIVATED, nodes.b.activate(d));
        Future<Payload.Received> received = clients.submit(() -> Payload.receive(target.getInputStream()));
        Payload.send(initiator.getOutputStream(), 3 << 20, 5);
        initiator.setSoLinger(true, 0); // abortive close: the client process died
        initiator.close();
        Payload.Received r;
        try {
            r = received.get(20, TimeUnit.SECONDS);
        } finally {
            target.close();
        }
        assertTrue(r.bytes() <= 3 << 20, "received " + r.bytes());
        nodes.awaitIdle();
    }

    @Test
    void slowReceiverHoldsBackTheSenderThenGetsEverything() throws Exception {
        long size = 256L << 20;
        String d = digest();
        Socket target = new Socket();
        target.setReceiveBufferSize(64 * 1024);
        target.connect(new java.net.InetSocketAddress("127.0.0.1", nodes.a.socksPort()), 5000);
        target.setSoTimeout(30_000);
        assertEquals(0, Socks5TestClient.handshake(target, d));
        Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), d);
        assertEquals(ActivationResult.ACTIVATED, nodes.b.activate(d));

        AtomicLong written = new AtomicLong();
        Future<String> sender = clients.submit(() -> {
            try (initiator) {
                return Payload.send(new CountingStream(initiator.getOutputStream(), written), size, 11);
            }
        });
        // The receiver reads nothing: the sender must stall far below the payload size.
        long last = -1;
        for (int i = 0; i < 200 && written.get() != last; i++) {
            last = written.get();
            Thread.sleep(500);
        }
        assertTrue(written.get() < size / 2, "sender stalled at " + written.get() + " bytes while nobody read");
        assertTrue(!sender.isDone(), "sender is blocked");
        TransferStatus owner = nodes.a.status().transfers().get(0);
        TransferStatus relay = nodes.b.status().transfers().get(0);
        assertEquals("OWNER", owner.role());
        assertEquals("RELAY", relay.role());
        assertEquals("b", owner.remoteNode());
        assertEquals("ACTIVE", owner.state());
        assertTrue(owner.bytesToFirst() > 0 && owner.bytesToFirst() <= relay.bytesToFirst()
                && relay.bytesToFirst() <= written.get(), "per-transfer byte counts follow the bytes");
        assertEquals(1, nodes.a.status().crossNodeLinks());

        Payload.Received r = Payload.receive(target.getInputStream());
        target.close();
        assertEquals(size, r.bytes());
        assertEquals(sender.get(60, TimeUnit.SECONDS), r.sha256());
        nodes.awaitIdle();
    }

    @Test
    void activationAfterTheLegsAreGoneIsRefused() throws Exception {
        String d = digest();
        Socket target = Socks5TestClient.connect(nodes.a.socksPort(), d);
        Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), d);
        target.close();
        initiator.close();
        nodes.awaitIdle();
        assertEquals(ActivationResult.UNKNOWN, nodes.a.activate(d));
        assertEquals(ActivationResult.UNKNOWN, nodes.b.activate(d));
        assertThrows(IOException.class, () -> initiator.getOutputStream().write(1));
    }

    @Test
    void nodeDeclaredGoneByMembershipClosesItsTransfersOnTheSurvivor() throws Exception {
        // A frozen node keeps its TCP connections open; membership declaring it dead must be enough.
        String d = digest();
        Socket target = Socks5TestClient.connect(nodes.a.socksPort(), d);
        Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), d);
        assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(d));
        nodes.cluster.remove("b", true);
        try {
            assertEquals(0, Socks5TestClient.readToEnd(target), "the target's stream ended");
            TwoNodeBridge.await("node a holds no transfer", () -> nodes.a.status().transfers().isEmpty());
        } finally {
            nodes.cluster.add("b", "127.0.0.1", nodes.b.linkPort());
            target.close();
            initiator.close();
        }
        nodes.awaitIdle();
    }

    @Test
    void legsBeyondTheTransferLimitAreRefused() throws Exception {
        try (TwoNodeBridge small = new TwoNodeBridge(s -> s.withLimits(64 * 1024, 1, 4));
             Socket first = Socks5TestClient.connect(small.a.socksPort(), digest())) {
            assertEquals(Socks5Handshake.REPLY_GENERAL_FAILURE, Socks5TestClient.replyCode(small.a.socksPort(), digest()));
            assertEquals(1, small.a.status().waitingLegs());
        }
    }

    @Test
    void stoppedNodesLeaveNoThreadListenerOrClaimBehind() throws Exception {
        try (TwoNodeBridge pair = new TwoNodeBridge(s -> s, "stop-a", "stop-b")) {
            int socksPort = pair.a.socksPort();
            String d = digest();
            try (Socket target = Socks5TestClient.connect(pair.a.socksPort(), d);
                 Socket initiator = Socks5TestClient.connect(pair.b.socksPort(), d);
                 Socket waiting = Socks5TestClient.connect(pair.b.socksPort(), digest())) {
                assertEquals(ActivationResult.ACTIVATED, pair.a.activate(d));
                initiator.getOutputStream().write(new byte[1000]);
                assertEquals(1000, target.getInputStream().readNBytes(1000).length);
                List<String> keysBefore = pair.redisKeys();
                assertEquals(2, keysBefore.size(), "claims of the active transfer and of the waiting leg: " + keysBefore);

                pair.a.close();
                pair.b.close();
                assertEquals(0, Socks5TestClient.readToEnd(waiting), "waiting leg closed");
                assertEquals(0, Socks5TestClient.readToEnd(target), "active transfer closed");
                assertEquals(List.of(), pair.redisKeys(), "claims released");
                assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                        .map(Thread::getName).filter(n -> n.startsWith("bridge-stop-")).toList(), "threads of the stopped nodes");
                assertThrows(IOException.class, () -> Socks5TestClient.connect(socksPort, digest()), "SOCKS5 port closed");
            }
        }
    }

    /** Counts bytes written through it. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        private final AtomicLong count;

        CountingStream(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }
    }
}
