package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.Secret;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol robustness against real sockets: malformed SOCKS5 input gets the right failure reply or
 * a close, and node-to-node links that do not prove cluster membership are closed without a reply.
 */
class BridgeProtocolIT {
    private static TwoNodeBridge nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodeBridge();
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    private static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** True when the peer closes the connection without sending anything (within the socket timeout). */
    private static boolean closedWithoutReply(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static byte[] request(int cmd, int atyp, byte[] address, int port) {
        byte[] r = new byte[6 + address.length + (atyp == 3 ? 1 : 0)];
        r[0] = 5;
        r[1] = (byte) cmd;
        r[3] = (byte) atyp;
        int i = 4;
        if (atyp == 3) {
            r[i++] = (byte) address.length;
        }
        System.arraycopy(address, 0, r, i, address.length);
        i += address.length;
        r[i] = (byte) (port >> 8);
        r[i + 1] = (byte) port;
        return r;
    }

    /** Greets properly, sends {@code request} and returns the reply code (-1 if closed without one). */
    private static int replyTo(byte[] request) throws IOException {
        try (Socket s = open(nodes.a.socksPort())) {
            s.getOutputStream().write(new byte[]{5, 1, 0});
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals(5, in.readUnsignedByte());
            assertEquals(0, in.readUnsignedByte());
            s.getOutputStream().write(request);
            int code = Socks5TestClient.readReply(in);
            assertTrue(code < 0 || closedWithoutReply(s), "connection closed after the failure reply");
            return code;
        }
    }

    private static String digest() {
        return TransferDigest.of(UUID.randomUUID().toString(), "a@x/1", "b@x/2");
    }

    @Test
    void socks4OrGarbageGreetingIsClosed() throws Exception {
        long before = nodes.a.status().clientRefusals();
        try (Socket s = open(nodes.a.socksPort())) {
            s.getOutputStream().write(new byte[]{4, 1, 0, 80, 127, 0, 0, 1, 0});
            assertTrue(closedWithoutReply(s));
        }
        try (Socket s = open(nodes.a.socksPort())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(closedWithoutReply(s));
        }
        assertTrue(nodes.a.status().clientRefusals() >= before + 2);
    }

    @Test
    void greetingWithoutNoAuthMethodGetsNoAcceptableMethods() throws Exception {
        try (Socket s = open(nodes.a.socksPort())) {
            s.getOutputStream().write(new byte[]{5, 2, 1, 2}); // GSSAPI, user/password only
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals(5, in.readUnsignedByte());
            assertEquals(0xFF, in.readUnsignedByte());
            assertTrue(closedWithoutReply(s));
        }
        try (Socket s = open(nodes.a.socksPort())) {
            s.getOutputStream().write(new byte[]{5, 0}); // no methods at all
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals(5, in.readUnsignedByte());
            assertEquals(0xFF, in.readUnsignedByte());
        }
    }

    @Test
    void unsupportedCommandsGetCommandNotSupported() throws Exception {
        byte[] name = digest().getBytes(StandardCharsets.US_ASCII);
        assertEquals(Socks5Handshake.REPLY_COMMAND_NOT_SUPPORTED, replyTo(request(2, 3, name, 0)), "BIND");
        assertEquals(Socks5Handshake.REPLY_COMMAND_NOT_SUPPORTED, replyTo(request(3, 3, name, 0)), "UDP ASSOCIATE");
    }

    @Test
    void nonDomainAddressesGetAddressTypeNotSupported() throws Exception {
        assertEquals(Socks5Handshake.REPLY_ADDRESS_NOT_SUPPORTED, replyTo(request(1, 1, new byte[]{127, 0, 0, 1}, 80)));
        assertEquals(Socks5Handshake.REPLY_ADDRESS_NOT_SUPPORTED, replyTo(request(1, 4, new byte[16], 80)));
    }

    @Test
    void addressesThatAreNotDigestsAreRefused() throws Exception {
        String d = digest();
        assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, replyTo(request(1, 3, "example.com".getBytes(StandardCharsets.US_ASCII), 0)));
        assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, replyTo(request(1, 3, d.substring(1).getBytes(StandardCharsets.US_ASCII), 0)), "39 hex characters");
        assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, replyTo(request(1, 3, d.replace(d.charAt(0), 'z').getBytes(StandardCharsets.US_ASCII), 0)), "not hex");
        assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, replyTo(request(1, 3, new byte[255], 0)), "oversized name");
        assertEquals(Socks5Handshake.REPLY_NOT_ALLOWED, replyTo(request(1, 3, d.getBytes(StandardCharsets.US_ASCII), 7777)), "port not 0");
        assertEquals(Socks5Handshake.REPLY_GENERAL_FAILURE, replyTo(new byte[]{4, 1, 0, 3}), "request version not 5");
    }

    @Test
    void truncatedGreetingIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (Socket s = open(nodes.a.socksPort())) {
            s.getOutputStream().write(new byte[]{5, 3, 0}); // announces 3 methods, sends 1
            assertTrue(closedWithoutReply(s), "closed after the 2 s handshake timeout");
        }
        try (Socket s = open(nodes.a.socksPort())) {
            assertTrue(closedWithoutReply(s), "a silent client is closed too");
        }
        nodes.awaitIdle();
    }

    // ---------------------------------------------------------------- link authentication

    private static LinkAuthenticator signer(Secret secret, Clock clock) {
        return new LinkAuthenticator(secret, Duration.ofSeconds(30), clock);
    }

    /** Sends {@code hello} bytes to node a's link port; returns its one-byte answer, or -1 when closed without one. */
    private static int linkAnswer(byte[] hello) throws IOException {
        try (Socket s = open(nodes.a.linkPort())) {
            s.getOutputStream().write(hello);
            try {
                return s.getInputStream().read();
            } catch (IOException reset) {
                return -1;
            }
        }
    }

    @Test
    void aCorrectlySignedLinkIsAnswered() throws Exception {
        LinkHello hello = signer(TwoNodeBridge.SECRET, Clock.systemUTC()).sign(LinkHello.ACTIVATE, digest(), "b");
        assertEquals(ActivationResult.UNKNOWN.code, linkAnswer(hello.encode()), "control: a member's valid hello gets an answer");
    }

    @Test
    void linkWithAWrongSecretIsClosedWithoutReply() throws Exception {
        long before = nodes.a.status().linkRefusals();
        LinkHello forged = signer(Secret.ofNullable("not-the-cluster-secret"), Clock.systemUTC())
                .sign(LinkHello.JOIN, digest(), "b");
        assertEquals(-1, linkAnswer(forged.encode()));
        byte[] tampered = signer(TwoNodeBridge.SECRET, Clock.systemUTC()).sign(LinkHello.JOIN, digest(), "b").encode();
        tampered[10] ^= 1; // one bit of the digest
        assertEquals(-1, linkAnswer(tampered));
        assertEquals(before + 2, nodes.a.status().linkRefusals());
    }

    @Test
    void expiredLinkAuthenticationIsClosedWithoutReply() throws Exception {
        Clock past = Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC);
        assertEquals(-1, linkAnswer(signer(TwoNodeBridge.SECRET, past).sign(LinkHello.ACTIVATE, digest(), "b").encode()));
        Clock farFuture = Clock.fixed(Instant.now().plusSeconds(3600), ZoneOffset.UTC);
        assertEquals(-1, linkAnswer(signer(TwoNodeBridge.SECRET, farFuture).sign(LinkHello.ACTIVATE, digest(), "b").encode()),
                "an expiry beyond the allowed lifetime is refused as well");
    }

    @Test
    void replayedLinkAuthenticationIsClosedWithoutReply() throws Exception {
        byte[] hello = signer(TwoNodeBridge.SECRET, Clock.systemUTC()).sign(LinkHello.ACTIVATE, digest(), "b").encode();
        assertEquals(ActivationResult.UNKNOWN.code, linkAnswer(hello), "first use is accepted");
        assertEquals(-1, linkAnswer(hello), "the same bytes again are a replay");
    }

    @Test
    void linkFromANodeThatIsNotAMemberIsClosedWithoutReply() throws Exception {
        byte[] hello = signer(TwoNodeBridge.SECRET, Clock.systemUTC()).sign(LinkHello.ACTIVATE, digest(), "intruder").encode();
        assertEquals(-1, linkAnswer(hello));
    }

    @Test
    void garbageOnTheLinkPortIsClosedWithoutReply() throws Exception {
        assertEquals(-1, linkAnswer("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(-1, linkAnswer(new byte[]{5, 1, 0}), "SOCKS5 on the link port");
        try (Socket s = open(nodes.a.linkPort())) {
            assertTrue(closedWithoutReply(s), "a silent peer is closed after the handshake timeout");
        }
    }
}
