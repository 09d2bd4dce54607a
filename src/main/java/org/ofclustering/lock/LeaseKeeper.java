package org.ofclustering.lock;

import io.lettuce.core.ScriptOutputType;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the leases of the locks this node holds in Redis: renews each of them every third of the
 * lease (a watchdog thread) and releases them. Both act only while the lock key still holds the
 * owner's token, so a node never extends or releases a lock it lost. A fenced node renews nothing:
 * its locks free themselves when their lease ends, so the members that declared it dead get them.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final LuaScript RELEASE = new LuaScript(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");
    private static final LuaScript RENEW = new LuaScript(MemberFence.scriptCheck(1, "-1")
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0");

    private final RedisConnector redis;
    private final byte[] leaseMillis;
    private final Set<LockState> tracked = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Object>> releasing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private final MemberFence fence;
    private boolean fenceLogged; // watchdog thread only

    LeaseKeeper(RedisConnector redis, long leaseMillis, MemberFence fence) {
        this.redis = redis;
        this.fence = fence;
        this.leaseMillis = Long.toString(leaseMillis).getBytes(StandardCharsets.US_ASCII);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ofc-lock-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, leaseMillis / 3);
        watchdog.scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    /** Renews this lock from now on (a renewal of an acquisition that failed is a no-op). */
    void track(LockState s) {
        tracked.add(s);
    }

    void untrack(LockState s) {
        tracked.remove(s);
    }

    /** Sends the release without waiting; a failure only means the lock stays until its lease ends. */
    void release(LockState s, byte[] token) {
        try {
            CompletableFuture<Object> release = RELEASE.run(redis.async(), ScriptOutputType.INTEGER, new byte[][]{s.redisKey}, token);
            releasing.add(release);
            release.whenComplete((r, e) -> {
                releasing.remove(release);
                if (e != null) {
                    logReleaseFailure(s, e);
                }
            });
        } catch (RuntimeException e) {
            logReleaseFailure(s, e);
        }
    }

    private static void logReleaseFailure(LockState s, Throwable e) {
        Log.warn("Releasing cluster lock {} failed ({}); it frees itself when its lease ends", s.printableName(), e.toString());
    }

    private void renewAll() {
        if (tracked.isEmpty()) {
            return;
        }
        MemberFence.Proof proof;
        try {
            proof = fence.proof("renewing cluster locks");
            fenceLogged = false;
        } catch (NodeFencedException e) {
            if (!fenceLogged) {
                fenceLogged = true;
                Log.warn("Not renewing {} cluster locks while this node is fenced; they free themselves when their lease ends", tracked.size());
            }
            return;
        }
        byte[][] args = proof.args(new byte[][]{null, leaseMillis});
        List<CompletableFuture<Long>> renewals = new ArrayList<>();
        for (LockState s : new ArrayList<>(tracked)) {
            byte[] token = s.token;
            if (token == null) {
                continue;
            }
            byte[][] keys = proof.keys(new byte[][]{s.redisKey});
            byte[][] renewArgs = args.clone();
            renewArgs[0] = token;
            try {
                renewals.add(RENEW.<Long>run(redis.async(), ScriptOutputType.INTEGER, keys, renewArgs)
                        .whenComplete((r, e) -> {
                            if (e == null && r != null && r != 1L && s.held && token == s.token) {
                                Log.warn("Cluster lock {} was lost: {}", s.printableName(),
                                        r == 0L ? "its lease ended before it could be renewed" : "this node's membership lease ended");
                                s.held = false;
                                tracked.remove(s);
                            }
                        }));
            } catch (RuntimeException e) {
                renewals.add(CompletableFuture.failedFuture(e));
            }
        }
        // One line per round, not per lock, when Redis cannot be reached.
        CompletableFuture.allOf(renewals.toArray(new CompletableFuture[0])).whenComplete((ignored, e) -> {
            if (e != null) {
                long failed = renewals.stream().filter(CompletableFuture::isCompletedExceptionally).count();
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                Log.warn("Renewing {} of {} cluster locks failed: {}", failed, renewals.size(), cause.toString());
            }
        });
    }

    /** Stops renewing, waits for releases in flight and releases every tracked lock (bounded wait). */
    @Override
    public void close() {
        watchdog.shutdownNow();
        List<CompletableFuture<Object>> releases = new ArrayList<>(releasing);
        for (LockState s : new ArrayList<>(tracked)) {
            byte[] token = s.token;
            if (token != null) {
                try {
                    releases.add(RELEASE.run(redis.async(), ScriptOutputType.INTEGER, new byte[][]{s.redisKey}, token));
                } catch (RuntimeException e) {
                    logReleaseFailure(s, e);
                }
            }
        }
        tracked.clear();
        try {
            CompletableFuture.allOf(releases.toArray(new CompletableFuture[0])).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warn("Not every cluster lock could be released on close ({}); they free themselves when their lease ends", e.toString());
        }
    }
}
