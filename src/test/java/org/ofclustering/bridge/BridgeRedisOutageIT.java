package org.ofclustering.bridge;

import org.ofclustering.testsupport.InMemoryCluster;

import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisAddress;
import org.ofclustering.config.RedisMode;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.TcpProxy;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** While Redis cannot be reached, legs on one node are still paired there and the file arrives intact. */
class BridgeRedisOutageIT {
    @Test
    void sameNodeTransferWorksWhileRedisIsDown() throws Exception {
        KeySpace keys = new KeySpace("it-bridge-" + UUID.randomUUID().toString().substring(0, 8));
        InMemoryCluster cluster = new InMemoryCluster();
        ExecutorService clients = Executors.newCachedThreadPool();
        try (TcpProxy redisPath = new TcpProxy("127.0.0.1", 6379);
             RedisConnector redis = RedisConnector.connect(new RedisSettings(RedisMode.STANDALONE,
                     List.of(new RedisAddress("127.0.0.1", redisPath.port())), null, null, null, false, true, 0,
                     Duration.ofSeconds(1)), "it-bridge-outage");
             FileTransferBridge node = new FileTransferBridge(TwoNodeBridge.baseSettings(), cluster.view("a"), redis, keys)) {
            node.start();
            cluster.add("a", "127.0.0.1", node.linkPort());
            redisPath.setRefusing(true);

            String digest = TransferDigest.of(UUID.randomUUID().toString(), "alice@example.com/a", "bob@example.com/b");
            Socket target = Socks5TestClient.connect(node.socksPort(), digest);
            Socket initiator = Socks5TestClient.connect(node.socksPort(), digest);
            assertEquals(ActivationResult.ACTIVATED, node.activate(digest));
            Future<Payload.Received> received = clients.submit(() -> Payload.receive(target.getInputStream()));
            String sent = Payload.send(initiator.getOutputStream(), 8 << 20, 9);
            initiator.close();
            Payload.Received r = received.get(60, TimeUnit.SECONDS);
            target.close();
            assertEquals(8 << 20, r.bytes());
            assertEquals(sent, r.sha256());
            TwoNodeBridge.await("transfer closed", () -> node.status().transfers().isEmpty());
        } finally {
            clients.shutdownNow();
        }
    }
}
