package org.ofclustering.admin;

import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MembershipStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A three-node cluster as the admin pages would see it, served by a {@link ClusterStatusSource}.
 * Every {@link #status()} call counts, so a test can tell a refreshed page from the first one.
 */
final class SampleCluster implements ClusterStatusSource {
    static final Instant NOW = Instant.parse("2026-11-25T18:30:00Z");
    static final String LOCAL_ID = "3f1c2a9e-7d44-4b7a-9c1e-0a5b6c7d8e9f";
    /** Its URL-safe Base64 form contains '-', which the standard decoder rejects. */
    static final String SECOND_ID = "node~~~2";
    static final String THIRD_ID = "b7e0c1d2-1111-4222-8333-944455566677";

    private final String thirdHost;
    private final AtomicInteger calls = new AtomicInteger();

    SampleCluster(String thirdHost) {
        this.thirdHost = thirdHost;
    }

    int statusCalls() {
        return calls.get();
    }

    List<NodeStatus> nodes() {
        return List.of(
                new NodeStatus(LOCAL_ID, "xmpp1.example.com", NOW.minusSeconds(7200), true, true,
                        Duration.ofMillis(420), 180L << 20, 1L << 30, 3, 0),
                new NodeStatus(SECOND_ID, "xmpp2.example.com", NOW.minusSeconds(3600), false, false,
                        Duration.ofMillis(910), 250L << 20, 1L << 30, 1, 12),
                new NodeStatus(THIRD_ID, thirdHost, NOW.minusSeconds(60), false, false,
                        Duration.ofMillis(1500), -1, -1, -1, -1));
    }

    /** The pages show the epoch and lease length of it; the members come from {@link #nodes()}. */
    private static MembershipStatus membership() {
        return new MembershipStatus(LOCAL_ID, MembershipStatus.State.MEMBER, 7, 41, Duration.ofSeconds(5), LOCAL_ID,
                List.of(), 0, 0, 420, "1.0.0", List.of(), List.of());
    }

    @Override
    public ClusterStatus status() {
        int call = calls.incrementAndGet();
        return new ClusterStatus(NOW.plusSeconds(call), "production", LOCAL_ID, ClusterState.CLUSTERED, nodes(),
                membership(),
                new RedisStatus("standalone", List.of("redis://redis.example.com:6379"), true,
                        Duration.ofNanos(380_000), new KeyFootprint(1234, true, 5_600_000, 50, NOW.minusSeconds(12), Duration.ofSeconds(30)), null,
                        new LockActivity(812, 1_204_331, 2_470, 96, 41, 380, 55_120, 0)),
                new RabbitStatus(List.of("rabbit1.example.com:5672", "rabbit2.example.com:5672"),
                        "rabbit1.example.com:5672",
                        List.of(new QueueDepth("ofc.production.node." + LOCAL_ID, 0, 1),
                                new QueueDepth("ofc.production.node." + SECOND_ID, 12, 1)), 0, 2, null),
                new DatabaseCheck(DatabaseCheck.Outcome.SAME_DATABASE, "mysql://db.example.com/openfire#9c41", null),
                new ProxyStatus(true, List.of("xmpp1.example.com:7777"), 2, 734_003_200, 1),
                List.of(new ClusterEvent(NOW.minusSeconds(60), ClusterEvent.Kind.JOINED, THIRD_ID,
                                "refresh " + call + ": node " + thirdHost + " joined"),
                        new ClusterEvent(NOW.minusSeconds(600), ClusterEvent.Kind.CRASHED, "c0ffee00-dead-4bee-8f00-123456789abc",
                                "lease expired after 5 s"),
                        new ClusterEvent(NOW.minusSeconds(3600), ClusterEvent.Kind.JOINED, SECOND_ID, "node joined")));
    }

    @Override
    public Optional<NodeDetail> node(String nodeId) {
        return nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .map(n -> new NodeDetail(n, caches(n)));
    }

    /** Three ordinary caches, and one whose name carries markup when the host name does. */
    private static List<CacheStatus> caches(NodeStatus n) {
        List<CacheStatus> caches = new java.util.ArrayList<>(List.of(
                        new CacheStatus("Routing Users Cache", 15_230, 3_400_000, 981_200, 1_800, -1,
                                CacheStatus.SizeUnit.BYTES, -1, true),
                        new CacheStatus("Client Session Info Cache", 15_230, 2_100_000, 40_000, 100, 64L << 20,
                                CacheStatus.SizeUnit.BYTES, 21_600_000, true),
                        new CacheStatus("Entity Capabilities", 820, 96_000, 0, 0, 10_000,
                                CacheStatus.SizeUnit.ENTRIES, 3_600_000, false)));
        if (n.hostName().contains("<")) {
            caches.add(new CacheStatus("Cache <b>of</b> " + n.hostName(), 1, 10, 1, 1, -1,
                    CacheStatus.SizeUnit.BYTES, -1, true));
        }
        return caches;
    }
}
