package org.ofclustering.bench;

import org.ofclustering.config.RedisSettings;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How fast membership changes travel and what the local queries cost, next to the raw Redis round
 * trip measured in the same run:
 * <ul>
 *   <li>raw PING round trip p50/p99 (the physical limit for any change to reach another node)</li>
 *   <li>join seen by another member: from {@code start()} on node 2 to {@code memberJoined} on node 1</li>
 *   <li>clean leave seen by another member: from {@code stop()} to {@code memberLeft}</li>
 *   <li>{@code clusterTime()}, {@code member(id)} and {@code holdsValidLease()} per call</li>
 * </ul>
 * Run with {@code scripts/bench.sh MembershipBenchmark}; takes about half a minute.
 */
public final class MembershipBenchmark {
    private static final int ROUNDS = 30;
    private static volatile long blackhole;

    private MembershipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RedisSettings settings = RedisSettings.standalone("127.0.0.1", 6379);
        KeySpace keys = new KeySpace("bench-membership-" + UUID.randomUUID().toString().substring(0, 8));
        MembershipSettings timing = MembershipSettings.DEFAULTS;
        try (RedisConnector r1 = RedisConnector.connect(settings, "ofc-bench-1");
             RedisConnector r2 = RedisConnector.connect(settings, "ofc-bench-2");
             MembershipService n1 = new MembershipService(r1, keys, new LocalNode("bench-1", "h1", null, 0, "1"), timing);
             MembershipService n2 = new MembershipService(r2, keys, new LocalNode("bench-2", "h2", null, 0, "1"), timing)) {
            long[] ping = new long[2000];
            for (int i = 0; i < ping.length; i++) {
                long t = System.nanoTime();
                r1.sync().ping();
                ping[i] = System.nanoTime() - t;
            }
            BlockingQueue<String> seen = new ArrayBlockingQueue<>(16);
            n1.addListener(new MembershipListener() {
                @Override
                public void memberJoined(MemberInfo member) {
                    seen.add("joined");
                }

                @Override
                public void memberLeft(MemberInfo member, boolean crashed) {
                    seen.add("left");
                }
            });
            n1.start();
            long[] join = new long[ROUNDS];
            long[] leave = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                long t = System.nanoTime();
                n2.start();
                expect(seen, "joined");
                join[i] = System.nanoTime() - t;
                t = System.nanoTime();
                n2.stop();
                expect(seen, "left");
                leave[i] = System.nanoTime() - t;
            }
            n2.start();
            expect(seen, "joined");
            double clusterTimeNs = perCall(() -> n1.clusterTime());
            double memberNs = perCall(() -> n1.member("bench-2").isPresent() ? 1 : 0);
            double validNs = perCall(() -> n1.holdsValidLease() ? 1 : 0);

            Arrays.sort(ping);
            Arrays.sort(join);
            Arrays.sort(leave);
            double pingP50 = us(ping, 0.50);
            System.out.printf("raw Redis PING round trip      p50 %8.1f us  p99 %8.1f us   (limit)%n", pingP50, us(ping, 0.99));
            System.out.printf("join seen by another member    p50 %8.1f us  p99 %8.1f us   %.1fx raw p50%n",
                    us(join, 0.50), us(join, 0.99), us(join, 0.50) / pingP50);
            System.out.printf("clean leave seen by another    p50 %8.1f us  p99 %8.1f us   %.1fx raw p50%n",
                    us(leave, 0.50), us(leave, 0.99), us(leave, 0.50) / pingP50);
            System.out.printf("clusterTime()     %6.1f ns/call (local memory, %.5fx raw p50)%n", clusterTimeNs, clusterTimeNs / 1000 / pingP50);
            System.out.printf("member(id)        %6.1f ns/call%n", memberNs);
            System.out.printf("holdsValidLease() %6.1f ns/call%n", validNs);
            System.out.printf("(heartbeat %d ms, lease %d ms, renewal deadline %d ms; detection of a dead node is lease-bound, see MembershipFailureIT)%n",
                    timing.heartbeatInterval().toMillis(), timing.leaseLength().toMillis(), timing.renewalDeadline().toMillis());
            n2.stop();
            n1.stop();
            List<byte[]> left = r1.sync().keys(keys.allKeysPattern());
            if (!left.isEmpty()) {
                r1.sync().del(left.toArray(byte[][]::new));
            }
        }
    }

    private static void expect(BlockingQueue<String> seen, String what) throws InterruptedException {
        String got = seen.poll(10, TimeUnit.SECONDS);
        if (!what.equals(got)) {
            throw new IllegalStateException("expected " + what + " but got " + got);
        }
    }

    private interface Call {
        long run();
    }

    private static double perCall(Call call) {
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += call.run();
        }
        int n = 2_000_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += call.run();
        }
        double ns = (System.nanoTime() - t) / (double) n;
        blackhole = sink; // keeps the calls from being optimised away
        return ns;
    }

    private static double us(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1000.0;
    }
}
