package org.ofclustering.lock;

import org.ofclustering.redis.ConnectionLossRetry;
import org.ofclustering.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import org.ofclustering.cache.CacheLimits;
import org.ofclustering.cache.CacheNodes;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.cache.ClusteredCaches;
import org.ofclustering.cache.ClusteredMap;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.openfire.RoutingEntryGuards;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.ofclustering.testsupport.CheckNodeArguments;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * One node of the randomized lock check ({@link LockCheckIT}) in its own JVM: a member whose
 * threads run random cluster-locked sections on a small key set for a given time and record each
 * section in a history file, one line when it starts ({@code B}) and one when it ends ({@code E}),
 * with times from {@link System#nanoTime()} (one monotonic clock for every process of the machine).
 *
 * <p>Section kinds, on the bare-JID lock of "Routing User Sessions", as Openfire's routing table uses it:
 * <ul>
 *   <li>{@code cache}: read the user's entry in "Routing Users Cache", write it plus one;</li>
 *   <li>{@code external}: read a counter outside the caches, write it plus one (the write is
 *       refused by Redis once this node's lease is gone, as a database with fencing tokens would);</li>
 *   <li>{@code read}: read the user's entry under the lock (served from memory while owned);</li>
 *   <li>{@code single}: a listed single-read call site ({@link SingleReadSites}), which runs without the lock.</li>
 * </ul>
 * Arguments: those of {@link CheckNodeArguments}.
 */
public final class LockCheckNodeMain {
    static final int KEYS = 4;
    static final int THREADS = 3;
    private static final LuaScript FENCED_SET = new LuaScript(
            "if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end redis.call('SET', KEYS[1], ARGV[1]) return 1");

    private LockCheckNodeMain() {
    }

    static String bare(int key) {
        return "u" + key + "@check";
    }

    static String entry(int key) {
        return bare(key) + "/r";
    }

    static byte[] externalKey(KeySpace space, int key) {
        return space.keyBytes("check", "external:" + key);
    }

    public static void main(String[] args) throws Exception {
        CheckNodeArguments run = CheckNodeArguments.parse(args);
        KeySpace space = run.space();
        String nodeId = run.nodeId();
        long seed = run.seed();
        long deadline = run.deadlineNanos();
        PrintStream history = run.history();
        MembershipSettings timing = run.timing();

        RedisConnector redis = CacheNodes.checkNodeConnection(run.port(), "ofc-check-" + nodeId);
        ClusteredCaches caches = new ClusteredCaches(redis, space, CacheNodes.codec(), nodeId, CacheSettings.defaults());
        caches.useEntryGuards(new RoutingEntryGuards());
        caches.locks().useSingleReadSites(new SingleReadSites(Set.of(LockCheckNodeMain.class.getName() + "#singleRead")));
        MembershipService membership = new MembershipService(redis, space, new LocalNode(nodeId, "host-" + nodeId, "127.0.0.1", 7000, "1"), timing);
        caches.locks().fence().guardWith(membership);
        membership.start();
        ClusteredMap<String, String> sessions = caches.open("Routing User Sessions", CacheLimits.NONE);
        ClusteredMap<String, Integer> users = caches.open("Routing Users Cache", CacheLimits.NONE);
        System.out.println("READY");
        System.out.flush();

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed * 31 + t);
            String thread = nodeId + "-t" + t;
            Thread worker = new Thread(() -> {
                long seq = 0;
                while (System.nanoTime() < deadline) {
                    int key = random.nextInt(KEYS);
                    int dice = random.nextInt(100);
                    String kind = dice < 40 ? "cache" : dice < 65 ? "external" : dice < 85 ? "read" : "single";
                    runSection(history, thread, ++seq, kind, key, random, sessions, users, redis, space, membership);
                    pause(random.nextInt(3));
                }
            }, thread);
            worker.start();
            threads.add(worker);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("DONE " + nodeId + ": " + caches.locks().counters().snapshot());
        System.out.flush();
        caches.close();
        membership.close();
        redis.close();
        history.close();
        System.exit(0);
    }

    private static void runSection(PrintStream history, String thread, long seq, String kind, int key, Random random,
                                   ClusteredMap<String, String> sessions, ClusteredMap<String, Integer> users,
                                   RedisConnector redis, KeySpace space, MembershipService membership) {
        if (kind.equals("single")) {
            long start = System.nanoTime();
            record(history, "B", thread, seq, kind, key, start);
            String outcome = "ok";
            int read = -1;
            try {
                read = singleRead(sessions, users, key);
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName();
            }
            record(history, "E", thread, seq, System.nanoTime(), read, -1, outcome, "true");
            return;
        }
        Lock lock;
        try {
            lock = sessions.getLock(bare(key));
            lock.lock();
        } catch (RuntimeException notAcquired) {
            pause(20); // fenced or Redis away: nothing ran
            return;
        }
        long start = System.nanoTime();
        long period = membership.fencingToken(); // the membership period the lock was taken in
        int read = -1;
        int written = -1;
        String outcome = "ok";
        try {
            record(history, "B", thread, seq, kind, key, start);
            switch (kind) {
                case "cache" -> {
                    Integer current = users.get(entry(key));
                    read = current == null ? 0 : current;
                    pause(random.nextInt(4)); // long enough for a freeze or a kill to land inside sections
                    written = read + 1;
                    users.put(entry(key), written);
                }
                case "external" -> {
                    byte[] raw = LuaScript.await(redis.async().get(externalKey(space, key)).toCompletableFuture());
                    read = raw == null ? 0 : Integer.parseInt(new String(raw, StandardCharsets.US_ASCII));
                    pause(random.nextInt(4));
                    written = read + 1;
                    Long done = LuaScript.await(FENCED_SET.run(redis.async(), ScriptOutputType.INTEGER,
                            new byte[][]{externalKey(space, key), membership.leaseKey().getBytes(StandardCharsets.UTF_8)},
                            Integer.toString(written).getBytes(StandardCharsets.US_ASCII),
                            Long.toString(membership.fencingToken()).getBytes(StandardCharsets.US_ASCII)));
                    if (done == null || done != 1L) {
                        outcome = "NodeFencedException";
                    }
                }
                default -> {
                    Integer current = users.get(entry(key));
                    read = current == null ? 0 : current;
                    pause(random.nextInt(2));
                }
            }
        } catch (RuntimeException e) {
            // A refusal of a write sent again after its connection was lost leaves the first attempt open.
            outcome = e.getClass().getSimpleName() + (ConnectionLossRetry.followedLostAttempt(e) ? "AfterLostAttempt" : "");
        } finally {
            long end = System.nanoTime();
            // Still inside the lock only if the period it was taken in has not ended (a fenced node
            // may have rejoined meanwhile, under a new token, while the section waited).
            boolean believed = membership.holdsValidLease() && membership.fencingToken() == period;
            String validity = !believed ? "false" : evictedMeanwhile(redis, space, membership, period) ? "evicted" : "true";
            record(history, "E", thread, seq, end, read, written, outcome, validity);
            lock.unlock();
        }
    }

    /**
     * Whether the connection watch of another member ended this node's lease while the node still
     * believed it valid: its lease key no longer holds the period's token and the departure reason
     * recorded for that token is {@code connection closed}. Such a section may overlap a successor's
     * by design; the fence must have refused its writes, which the counter chains check. A lease
     * that ended for any other reason while believed valid stays counted (the timing argument broke).
     * The check runs after the section, so an eviction just after it also excludes the section:
     * this only loosens the exclusion check for sections that end right before an eviction.
     */
    private static boolean evictedMeanwhile(RedisConnector redis, KeySpace space, MembershipService membership, long period) {
        try {
            byte[] lease = redis.sync().get(membership.leaseKey().getBytes(StandardCharsets.UTF_8));
            if (lease != null && new String(lease, StandardCharsets.US_ASCII).equals(Long.toString(period))) {
                return false;
            }
            byte[] reason = redis.sync().get(space.keyBytes(KeySpace.MEMBERSHIP, "departed:" + period));
            return reason != null && new String(reason, StandardCharsets.UTF_8).equals("connection closed");
        } catch (RuntimeException redisAway) {
            return false; // not known: the section keeps counting (the stricter reading)
        }
    }

    /** A single-read call site: lock, one read, unlock (listed in this node's {@link SingleReadSites}). */
    private static int singleRead(ClusteredMap<String, String> sessions, ClusteredMap<String, Integer> users, int key) {
        Lock lock = sessions.getLock(bare(key));
        lock.lock();
        try {
            Integer current = users.get(entry(key));
            return current == null ? 0 : current;
        } finally {
            lock.unlock();
        }
    }

    private static void record(PrintStream history, String mark, String thread, long seq, String kind, int key, long start) {
        history.println(mark + "\t" + thread + "\t" + seq + "\t" + kind + "\t" + key + "\t" + start);
    }

    private static void record(PrintStream history, String mark, String thread, long seq, long end, int read, int written,
                               String outcome, String validity) {
        history.println(mark + "\t" + thread + "\t" + seq + "\t" + end + "\t" + read + "\t" + written + "\t" + outcome + "\t" + validity);
    }

    private static void pause(int millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
