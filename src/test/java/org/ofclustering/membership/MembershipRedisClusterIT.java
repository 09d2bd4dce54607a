package org.ofclustering.membership;

import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.ScratchRedisCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry scripts in Redis Cluster mode: every key of one cluster's membership in one slot. */
class MembershipRedisClusterIT {

    @Test
    void joinLeaveAndFenceWorkOnARedisCluster() throws Exception {
        try (ScratchRedisCluster redisCluster = new ScratchRedisCluster()) {
            RedisSettings settings = redisCluster.settings(Duration.ofSeconds(2));
            KeySpace keys = new KeySpace("it-membership-cluster");
            MembershipSettings timing = MembershipSettings.of(Duration.ofMillis(300), Duration.ofMillis(1500));
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            try (RedisConnector r1 = RedisConnector.connect(settings, "ofc-it-c1");
                 RedisConnector r2 = RedisConnector.connect(settings, "ofc-it-c2");
                 MembershipService n1 = new MembershipService(r1, keys, new LocalNode("c1", "h1", null, 0, "1"), timing);
                 MembershipService n2 = new MembershipService(r2, keys, new LocalNode("c2", "h2", null, 0, "1"), timing)) {
                n2.addListener(new MembershipListener() {
                    @Override
                    public void memberLeft(MemberInfo member, boolean crashed) {
                        seen.add("left " + member.nodeId() + " crashed=" + crashed);
                    }

                    @Override
                    public void memberJoined(MemberInfo member) {
                        seen.add("joined " + member.nodeId());
                    }

                    @Override
                    public void fenced() {
                        seen.add("fenced");
                    }

                    @Override
                    public void joinedCluster(MemberInfo self, boolean rejoin) {
                        seen.add("self " + rejoin);
                    }
                });
                n1.start();
                n2.start();
                assertEquals("self false", next(seen));
                assertEquals(List.of("c1", "c2"), n2.members().stream().map(MemberInfo::nodeId).toList());
                assertTrue(n1.isSenior());

                r2.sync().del(n2.leaseKey().getBytes(StandardCharsets.UTF_8));
                assertEquals("fenced", next(seen));
                assertEquals("self true", next(seen));

                n1.stop();
                assertEquals("left c1 crashed=false", next(seen));
                assertTrue(n2.isSenior());
            }
        }
    }

    private static String next(BlockingQueue<String> seen) throws InterruptedException {
        String s = seen.poll(20, TimeUnit.SECONDS);
        assertTrue(s != null, "no membership event within 20 s");
        return s;
    }
}
