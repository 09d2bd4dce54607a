package org.ofclustering.lock;

import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * A member in its own JVM whose locks and cache writes are fenced by its membership, as in the
 * plugin. It joins, takes the lock of {@code key} and writes {@code holder-1} under it, prints
 * {@code LOCKED} and keeps the lock. Commands on standard input, each answered with one line:
 * {@code write} (write {@code holder-2} while still holding the lock: {@code WRITE ok} or
 * {@code WRITE refused <exception>}), {@code unlock} (ends the critical section: {@code UNLOCKED}),
 * {@code relock} (another thread tries the lock for 1 s: {@code RELOCK granted|busy|refused
 * <exception>}). Membership events print as {@code EVENT ...}.
 *
 * <p>Arguments: cluster name, cache name, key, heartbeat ms, membership lease ms.
 */
public final class FencedHolderMain {
    private FencedHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        String cluster = args[0];
        String key = args[2];
        MembershipSettings membershipSettings = MembershipSettings.of(Duration.ofMillis(Long.parseLong(args[3])),
                Duration.ofMillis(Long.parseLong(args[4])));
        RedisSettings local = CacheNodes.local();
        RedisConnector redis = RedisConnector.connect(new RedisSettings(local.mode(), local.uris(), null, null, null, false, true, 0,
                Duration.ofSeconds(2)), "ofc-test-fenced-holder");
        KeySpace space = new KeySpace(cluster);
        ClusteredCaches caches = new ClusteredCaches(redis, space, CacheNodes.codec(), "holder", CacheSettings.defaults());
        MembershipService membership = new MembershipService(redis, space,
                new LocalNode("holder", "host-holder", "127.0.0.1", 7000, "1"), membershipSettings);
        caches.locks().fence().guardWith(membership);
        membership.addListener(new MembershipListener() {
            @Override
            public void joinedCluster(MemberInfo self, boolean rejoin) {
                System.out.println("EVENT self-joined " + self.joinOrder() + " rejoin=" + rejoin);
            }

            @Override
            public void fenced() {
                System.out.println("EVENT fenced");
            }
        });
        membership.start();

        ClusteredMap<String, String> map = caches.open(args[1], CacheLimits.NONE);
        Lock lock = map.getLock(key);
        lock.lock();
        map.put(key, "holder-1");
        System.out.println("LOCKED token=" + membership.fencingToken());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "write" -> {
                    try {
                        map.put(key, "holder-2");
                        System.out.println("WRITE ok");
                    } catch (RuntimeException e) {
                        System.out.println("WRITE refused " + e.getClass().getSimpleName());
                    }
                }
                case "unlock" -> {
                    lock.unlock();
                    System.out.println("UNLOCKED");
                }
                case "relock" -> {
                    String[] outcome = new String[1];
                    Thread other = new Thread(() -> outcome[0] = relock(map.getLock(key)));
                    other.start();
                    other.join(10_000);
                    System.out.println("RELOCK " + outcome[0]);
                }
                default -> System.out.println("UNKNOWN " + line);
            }
        }
    }

    private static String relock(Lock lock) {
        try {
            if (!lock.tryLock(1, TimeUnit.SECONDS)) {
                return "busy";
            }
            lock.unlock();
            return "granted";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return "refused " + e.getClass().getSimpleName();
        }
    }
}
