package org.ofclustering.membership;

import io.lettuce.core.ScoredValue;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes of a cluster hold a live membership lease right now, read from the registry without
 * joining it (for a node that has not joined yet and must tell the administrator whether others
 * are running). A registered member counts only while its lease key still carries its join order:
 * the registry keeps crashed members until a live node notices, and nobody does when none runs.
 */
public final class LiveLeases {
    private final RedisConnector redis;
    private final byte[] membersKey;
    private final byte[] infoKey;
    private final String leasePrefix;

    public LiveLeases(RedisConnector redis, KeySpace keys) {
        this.redis = redis;
        this.membersKey = keys.keyBytes(LeaseRegistry.STRUCTURE, "members");
        this.infoKey = keys.keyBytes(LeaseRegistry.STRUCTURE, "info");
        this.leasePrefix = keys.key(LeaseRegistry.STRUCTURE, "lease:");
    }

    /** The live members other than {@code ownNodeId}, in join order, each as {@code host (node id)}. */
    public List<String> othersThan(String ownNodeId) {
        List<ScoredValue<byte[]>> members = redis.sync().zrangeWithScores(membersKey, 0, -1);
        Map<String, String> hosts = hosts();
        List<String> live = new ArrayList<>();
        for (ScoredValue<byte[]> member : members) {
            String nodeId = text(member.getValue());
            if (nodeId.equals(ownNodeId)) {
                continue;
            }
            byte[] lease = redis.sync().get(bytes(leasePrefix + nodeId));
            if (lease != null && Long.toString((long) member.getScore()).equals(text(lease))) {
                live.add(hosts.getOrDefault(nodeId, "unknown host") + " (" + nodeId + ")");
            }
        }
        return live;
    }

    private Map<String, String> hosts() {
        Map<String, String> hosts = new HashMap<>();
        redis.sync().hgetall(infoKey).forEach((node, entry) -> {
            String nodeId = text(node);
            try {
                hosts.put(nodeId, MemberInfoCodec.decode(nodeId, text(entry)).hostName());
            } catch (IllegalStateException e) {
                hosts.put(nodeId, "unreadable registry entry");
            }
        });
        return hosts;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
