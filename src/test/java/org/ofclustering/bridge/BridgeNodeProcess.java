package org.ofclustering.bridge;

import org.ofclustering.testsupport.InMemoryCluster;

import org.ofclustering.config.RedisSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A bridge node in a JVM of its own, for tests that kill a node. Arguments: node id, cluster name,
 * link secret. Prints {@code READY <socksPort> <linkPort>}; reads {@code member <id> <host> <port>}
 * lines on standard input to learn the other members.
 */
public final class BridgeNodeProcess {
    private BridgeNodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        KeySpace keys = new KeySpace(args[1]);
        InMemoryCluster cluster = new InMemoryCluster();
        BridgeSettings settings = TwoNodeBridge.baseSettings().withLinkSecurity(Secret.ofNullable(args[2]), null);
        RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "it-bridge-" + nodeId);
        FileTransferBridge bridge = new FileTransferBridge(settings, cluster.view(nodeId), redis, keys);
        bridge.start();
        cluster.add(nodeId, "127.0.0.1", bridge.linkPort());
        System.out.println("READY " + bridge.socksPort() + " " + bridge.linkPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 4 && parts[0].equals("member")) {
                cluster.add(parts[1], parts[2], Integer.parseInt(parts[3]));
                System.out.println("MEMBER " + parts[1]);
                System.out.flush();
            }
        }
        bridge.close();
        redis.close();
    }
}
