package org.ofclustering.cache;

import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.CheckNodeArguments;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One node of the read check across Redis data loss ({@link RouteReadCheckIT}) in its own JVM: a
 * member that, each time it (re)joins, puts its own users' routes into the clustered cache (as
 * Openfire does when it joins), and whose threads read the routes of the other nodes' users without
 * pause. It records in a history file, with times from {@link System#nanoTime()} (one monotonic
 * clock for every process of the machine):
 * <pre>
 *   R token nanos                          its routes are in Redis under membership period token
 *   Q owner start end tokenBefore tokenAfter result   one read of a route of node owner
 * </pre>
 * Arguments: those of {@link CheckNodeArguments}, then all node ids (comma-separated).
 */
public final class RouteReadNodeMain {
    static final int ROUTES_PER_NODE = 3;
    static final int READERS = 2;

    private RouteReadNodeMain() {
    }

    static String route(String nodeId, int i) {
        return "user" + i + "@" + nodeId + "/r";
    }

    public static void main(String[] args) throws Exception {
        CheckNodeArguments run = CheckNodeArguments.parse(args);
        KeySpace space = run.space();
        String nodeId = run.nodeId();
        List<String> others = new ArrayList<>(List.of(run.extra(0).split(",")));
        others.remove(nodeId);
        long seed = run.seed();
        long deadline = run.deadlineNanos();
        PrintStream history = run.history();
        MembershipSettings timing = run.timing();

        RedisConnector redis = CacheNodes.checkNodeConnection(run.port(), "ofc-readcheck-" + nodeId);
        ClusteredCaches caches = new ClusteredCaches(redis, space, CacheNodes.codec(), nodeId, CacheSettings.defaults());
        MembershipService membership = new MembershipService(redis, space, new LocalNode(nodeId, "host-" + nodeId, "127.0.0.1", 7000, "1"), timing);
        caches.locks().fence().guardWith(membership);
        ClusteredMap<String, String> routes = caches.open("Routing Users Cache", CacheLimits.NONE);
        membership.addListener(new MembershipListener() {
            @Override
            public void joinedCluster(MemberInfo self, boolean rejoin) {
                // As Openfire's join does: this node's users' routes go (back) into the clustered cache.
                try {
                    for (int i = 0; i < ROUTES_PER_NODE; i++) {
                        routes.put(route(nodeId, i), nodeId + "#" + self.joinOrder());
                    }
                    synchronized (history) {
                        history.println("R\t" + self.joinOrder() + "\t" + System.nanoTime());
                    }
                } catch (RuntimeException e) {
                    System.out.println("restore failed: " + e);
                }
            }
        });
        membership.start();
        System.out.println("READY");
        System.out.flush();

        List<Thread> threads = new ArrayList<>();
        long[] failures = new long[READERS];
        long[] timeouts = new long[READERS];
        for (int t = 0; t < READERS; t++) {
            Random random = new Random(seed * 31 + t);
            int index = t;
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    String owner = others.get(random.nextInt(others.size()));
                    String key = route(owner, random.nextInt(ROUTES_PER_NODE));
                    long before = membership.fencingToken();
                    long start = System.nanoTime();
                    String result;
                    try {
                        String value = routes.get(key);
                        result = value == null ? "null" : value;
                    } catch (RuntimeException e) {
                        result = "EXC:" + e.getClass().getSimpleName();
                        failures[index]++;
                        if (e instanceof io.lettuce.core.RedisCommandTimeoutException) {
                            timeouts[index]++; // in flight while this process was frozen past the command timeout
                        }
                        System.out.println("read failed: " + e);
                    }
                    long end = System.nanoTime();
                    long after = membership.fencingToken();
                    synchronized (history) {
                        history.println("Q\t" + owner + "\t" + start + "\t" + end + "\t" + before + "\t" + after + "\t" + result);
                    }
                    if (random.nextInt(4) == 0) {
                        pause(1);
                    }
                }
            }, nodeId + "-reader-" + t);
            reader.start();
            threads.add(reader);
        }
        for (Thread t : threads) {
            t.join();
        }
        long failed = 0;
        for (int i = 0; i < READERS; i++) {
            failed += failures[i] - timeouts[i];
        }
        System.out.println("DONE " + nodeId + " failed reads " + failed);
        System.out.flush();
        caches.close();
        membership.close();
        redis.close();
        history.close();
        System.exit(0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
