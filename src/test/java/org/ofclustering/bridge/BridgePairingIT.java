package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Socket;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pairing and activation with real SOCKS5 clients against two bridge nodes and real Redis: legs on
 * one node, legs on two nodes in both arrival orders, activation received by either node, and the
 * SHA-256 of what arrives.
 */
class BridgePairingIT {
    private static final long SIZE = 24L * 1024 * 1024;

    private static TwoNodeBridge nodes;
    private static ExecutorService clients;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodeBridge();
        clients = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        nodes.close();
    }

    private static String newDigest() {
        return TransferDigest.of(UUID.randomUUID().toString(), "alice@example.com/desk", "bob@example.com/phone");
    }

    /** Sends SIZE bytes from {@code sender} to {@code receiver} and checks count and checksum. */
    private static void sendAndVerify(Socket sender, Socket receiver, long seed) throws Exception {
        Future<Payload.Received> received = clients.submit(() -> Payload.receive(receiver.getInputStream()));
        String sent = Payload.send(sender.getOutputStream(), SIZE, seed);
        sender.close();
        Payload.Received r = received.get(120, TimeUnit.SECONDS);
        receiver.close();
        assertEquals(SIZE, r.bytes(), "bytes received");
        assertEquals(sent, r.sha256(), "SHA-256 of what arrived");
    }

    @Test
    void legsOnOneNodeArePairedThereAndMoveTheFileIntact() throws Exception {
        String digest = newDigest();
        Socket target = Socks5TestClient.connect(nodes.a.socksPort(), digest);
        Socket initiator = Socks5TestClient.connect(nodes.a.socksPort(), digest);
        BridgeStatus paired = nodes.a.status();
        assertEquals(1, paired.pairedTransfers());
        assertEquals(0, paired.crossNodeLinks());

        assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(digest));
        long beforeA = nodes.a.status().bytesMoved();
        long beforeB = nodes.b.status().bytesMoved();
        sendAndVerify(initiator, target, 1);
        nodes.awaitIdle();
        assertTrue(nodes.a.status().bytesMoved() - beforeA >= SIZE, "node a counted the bytes it moved");
        assertEquals(beforeB, nodes.b.status().bytesMoved(), "node b took no part");
    }

    @Test
    void legsOnOneNodeActivatedFromANodeHoldingNeitherLeg() throws Exception {
        String digest = newDigest();
        Socket target = Socks5TestClient.connect(nodes.b.socksPort(), digest);
        Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), digest);
        assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(digest), "node a finds the owner in the claim and asks it");
        sendAndVerify(initiator, target, 5);
        nodes.awaitIdle();
    }

    static Stream<Arguments> crossNodeArrangements() {
        return Stream.of(
                Arguments.of("target first on a, initiator on b, activated on b (relay forwards)", "a", true, "b", "b"),
                Arguments.of("target first on a, initiator on b, activated on a (owner)", "a", true, "b", "a"),
                Arguments.of("initiator first on b, target on a, activated on b (owner)", "b", false, "a", "b"),
                Arguments.of("initiator first on b, target on a, activated on a (relay forwards)", "b", false, "a", "a"));
    }

    private static FileTransferBridge node(String id) {
        return id.equals("a") ? nodes.a : nodes.b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossNodeArrangements")
    void legsOnTwoNodesArePairedOverALinkAndMoveTheFileIntact(String arrangement, String firstNode, boolean targetFirst,
                                                              String secondNode, String activatingNode) throws Exception {
        String digest = newDigest();
        Socket first = Socks5TestClient.connect(node(firstNode).socksPort(), digest);
        Socket second = Socks5TestClient.connect(node(secondNode).socksPort(), digest);
        assertEquals(1, nodes.a.status().crossNodeLinks(), "node a holds one end of the link");
        assertEquals(1, nodes.b.status().crossNodeLinks(), "node b holds the other end");

        assertEquals(ActivationResult.ACTIVATED, node(activatingNode).activate(digest));
        String otherNode = activatingNode.equals("a") ? "b" : "a";
        assertEquals(ActivationResult.ALREADY_ACTIVE, node(otherNode).activate(digest), "a second activation is refused");
        if (targetFirst) {
            sendAndVerify(second, first, arrangement.hashCode());
        } else {
            sendAndVerify(first, second, arrangement.hashCode());
        }
        nodes.awaitIdle();
    }

    @Test
    void activationOfUnknownOrHalfConnectedTransfersIsRefusedOnEitherNode() throws Exception {
        String unknown = newDigest();
        assertEquals(ActivationResult.UNKNOWN, nodes.a.activate(unknown));
        assertEquals(ActivationResult.UNKNOWN, nodes.b.activate(unknown));
        assertEquals(ActivationResult.UNKNOWN, nodes.a.activate("not-a-digest"));

        String digest = newDigest();
        try (Socket target = Socks5TestClient.connect(nodes.a.socksPort(), digest)) {
            assertEquals(ActivationResult.NOT_READY, nodes.a.activate(digest), "only one leg, asked on its node");
            assertEquals(ActivationResult.NOT_READY, nodes.b.activate(digest), "only one leg, asked on the other node");
            assertEquals(1, nodes.a.status().waitingLegs());
        }
        nodes.awaitIdle();
    }

    @Test
    void thirdConnectionForAPairedDigestIsRefusedOnEitherNode() throws Exception {
        String digest = newDigest();
        try (Socket target = Socks5TestClient.connect(nodes.a.socksPort(), digest);
             Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), digest)) {
            assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, Socks5TestClient.replyCode(nodes.a.socksPort(), digest));
            assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, Socks5TestClient.replyCode(nodes.b.socksPort(), digest));
            assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(digest), "the refused third leg left the pair intact");
            initiator.getOutputStream().write(new byte[]{1, 2, 3});
            initiator.shutdownOutput();
            assertEquals(3, Socks5TestClient.readToEnd(target));
        }
        String local = newDigest();
        try (Socket target = Socks5TestClient.connect(nodes.b.socksPort(), local);
             Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), local)) {
            assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, Socks5TestClient.replyCode(nodes.a.socksPort(), local));
            assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, Socks5TestClient.replyCode(nodes.b.socksPort(), local));
        }
        nodes.awaitIdle();
    }
}
