package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.Secret;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links over TLS (a self-signed cluster certificate made with {@code keytool} for this test): a
 * cross-node transfer arrives intact, and a plain-TCP peer on the TLS link port gets nothing.
 */
class BridgeTlsIT {
    private static Path dir;
    private static TwoNodeBridge nodes;
    private static ExecutorService clients;
    private static SSLContext tls;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("bridge-tls");
        Path store = dir.resolve("link.p12");
        String keytool = System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cluster", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=bridge-link", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "it-store-pass", "-keypass", "it-store-pass")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
        tls = LinkTls.context(store, Secret.ofNullable("it-store-pass"), null, null);
        nodes = new TwoNodeBridge(s -> s.withLinkSecurity(TwoNodeBridge.SECRET, tls));
        clients = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() throws IOException {
        clients.shutdownNow();
        nodes.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void crossNodeTransferOverATlsLinkArrivesIntactInBothDirections() throws Exception {
        long size = 16L << 20;
        String d = TransferDigest.of(UUID.randomUUID().toString(), "alice@example.com/a", "bob@example.com/b");
        Socket target = Socks5TestClient.connect(nodes.a.socksPort(), d);
        Socket initiator = Socks5TestClient.connect(nodes.b.socksPort(), d);
        assertEquals(ActivationResult.ACTIVATED, nodes.b.activate(d));
        Future<Payload.Received> atTarget = clients.submit(() -> Payload.receive(target.getInputStream()));
        Future<Payload.Received> atInitiator = clients.submit(() -> Payload.receive(initiator.getInputStream()));
        Future<String> back = clients.submit(() -> {
            String sum = Payload.send(target.getOutputStream(), 1 << 20, 22);
            target.shutdownOutput();
            return sum;
        });
        String sent = Payload.send(initiator.getOutputStream(), size, 21);
        initiator.shutdownOutput();
        Payload.Received r = atTarget.get(60, TimeUnit.SECONDS);
        Payload.Received r2 = atInitiator.get(60, TimeUnit.SECONDS);
        target.close();
        initiator.close();
        assertEquals(size, r.bytes());
        assertEquals(sent, r.sha256());
        assertEquals(1 << 20, r2.bytes(), "bytes from target to initiator (half close over TLS 1.3)");
        assertEquals(back.get(10, TimeUnit.SECONDS), r2.sha256());
        nodes.awaitIdle();
    }

    @Test
    void tlsHandshakeDrippedByteByByteIsClosedAtTheHandshakeDeadline() throws Exception {
        SSLEngine engine = tls.createSSLEngine("127.0.0.1", nodes.a.linkPort());
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(LinkDialer.TLS_PROTOCOLS);
        ByteBuffer clientHello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), clientHello);
        clientHello.flip();
        byte[] bytes = new byte[clientHello.remaining()];
        clientHello.get(bytes);
        assertTrue(bytes.length > 100, "a whole ClientHello: " + bytes.length + " bytes");

        Duration deadline = TwoNodeBridge.baseSettings().handshakeTimeout();
        try (SlowDripClient peer = SlowDripClient.start(nodes.a.linkPort(), new byte[0], bytes, Duration.ofSeconds(1))) {
            Duration after = peer.awaitClosed(deadline.plusMillis(1500));
            assertTrue(after.compareTo(deadline.minusMillis(50)) >= 0, "closed after " + after.toMillis() + " ms");
            assertEquals(0, peer.received(), "no TLS answer to an incomplete ClientHello");
        }
    }

    @Test
    void plainTcpHelloOnTheTlsLinkPortIsClosedWithoutReply() throws Exception {
        byte[] hello = new LinkAuthenticator(TwoNodeBridge.SECRET, Duration.ofSeconds(30), Clock.systemUTC())
                .sign(LinkHello.ACTIVATE, TransferDigest.of("s", "a@x/1", "b@x/2"), "b").encode();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", nodes.a.linkPort()), 5000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(hello);
            int answer;
            try {
                answer = s.getInputStream().read();
            } catch (IOException reset) {
                answer = -1;
            }
            // A TLS server answers a non-TLS client with at most a TLS alert record (type 21), never a status byte.
            assertTrue(answer == -1 || answer == 21, "got " + answer);
        }
    }
}
