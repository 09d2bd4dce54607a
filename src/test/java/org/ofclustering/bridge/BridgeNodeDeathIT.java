package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.testsupport.JvmProcess;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node killed with {@code kill -9} in the middle of a cross-node transfer: the client on the
 * surviving node is closed promptly and the survivor keeps no transfer and no Redis claim. The
 * killed node runs in a JVM of its own ({@link BridgeNodeProcess}); the survivor is node "a" of
 * the usual two-node fixture.
 */
class BridgeNodeDeathIT {
    private TwoNodeBridge nodes;
    private JvmProcess child;
    private int childSocks;
    private ExecutorService clients;

    @BeforeEach
    void start() throws Exception {
        nodes = new TwoNodeBridge();
        clients = Executors.newCachedThreadPool();
        child = JvmProcess.start("bridge-c", BridgeNodeProcess.class, List.of(),
                "c", nodes.clusterName, TwoNodeBridge.SECRET.reveal());
        String[] ready = child.awaitLine("READY ", Duration.ofSeconds(60)).split(" ");
        childSocks = Integer.parseInt(ready[1]);
        nodes.cluster.add("c", "127.0.0.1", Integer.parseInt(ready[2]));
        child.send("member a 127.0.0.1 " + nodes.a.linkPort());
        child.awaitLine("MEMBER a", Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        child.close();
        clients.shutdownNow();
        nodes.close();
    }

    private static String digest() {
        return TransferDigest.of(UUID.randomUUID().toString(), "alice@example.com/a", "bob@example.com/b");
    }

    private Future<IOException> sendForever(OutputStream out) {
        return clients.submit(() -> {
            byte[] chunk = new byte[16 * 1024];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (System.nanoTime() < deadline) {
                    out.write(chunk);
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        });
    }

    @Test
    void killingTheNodeOfTheReceiverClosesTheSenderOnTheSurvivor() throws Exception {
        String d = digest();
        Socket target = Socks5TestClient.connect(childSocks, d);
        try (Socket initiator = Socks5TestClient.connect(nodes.a.socksPort(), d)) {
            assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(d), "forwarded to the killed-to-be node");
            Future<IOException> sender = sendForever(initiator.getOutputStream());
            target.getInputStream().readNBytes(2 << 20); // bytes flow through node c
            child.kill();
            IOException failure = sender.get(20, TimeUnit.SECONDS);
            assertNotNull(failure, "the sender's connection was closed after the node died");
        } finally {
            target.close();
        }
        nodes.awaitIdle();
    }

    @Test
    void killingTheNodeOfTheSenderEndsTheReceiversStreamOnTheSurvivor() throws Exception {
        String d = digest();
        Socket target = Socks5TestClient.connect(nodes.a.socksPort(), d);
        try (Socket initiator = Socks5TestClient.connect(childSocks, d)) {
            assertEquals(ActivationResult.ACTIVATED, nodes.a.activate(d));
            sendForever(initiator.getOutputStream());
            target.getInputStream().readNBytes(2 << 20);
            assertEquals(1, nodes.a.status().activeTransfers());
            child.kill();
            Future<Integer> rest = clients.submit(() -> {
                try {
                    return Socks5TestClient.readToEnd(target);
                } catch (IOException reset) {
                    return -1;
                }
            });
            assertTrue(rest.get(20, TimeUnit.SECONDS) != null, "the receiver's stream ended after the node died");
        } finally {
            target.close();
        }
        nodes.awaitIdle();
    }
}
