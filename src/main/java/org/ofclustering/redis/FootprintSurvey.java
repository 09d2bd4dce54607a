package org.ofclustering.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One bounded pass over a cluster's keys: a {@code SCAN} that matches only this cluster's keys
 * (in Redis Cluster mode on every master, never {@code *}), stopped after {@link #MAX_PAGES}
 * pages, and {@code MEMORY USAGE} of at most {@link #MEMORY_SAMPLE} keys drawn uniformly from
 * those the scan returned.
 */
final class FootprintSurvey {
    /** Keys Redis examines per SCAN call (a hint to the server). */
    static final int PAGE = 1000;
    /** SCAN calls per survey: a database of more than about PAGE x MAX_PAGES keys is counted in part. */
    static final int MAX_PAGES = 200;
    static final int MEMORY_SAMPLE = 50;

    private final KeySpace keys;
    private final Random random;
    private final Clock clock;

    FootprintSurvey(KeySpace keys, Random random, Clock clock) {
        this.keys = keys;
        this.random = random;
        this.clock = clock;
    }

    FootprintSample take(RedisClusterCommands<byte[], byte[]> redis) {
        ScanArgs args = ScanArgs.Builder.matches(keys.allKeysPattern()).limit(PAGE);
        List<byte[]> sample = new ArrayList<>(MEMORY_SAMPLE);
        long counted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        boolean finished = false;
        for (int page = 0; page < MAX_PAGES && !finished; page++) {
            KeyScanCursor<byte[]> result = redis.scan(cursor, args);
            for (byte[] key : result.getKeys()) {
                counted++;
                keep(sample, key, counted);
            }
            finished = result.isFinished();
            cursor = result;
        }
        long sampledBytes = 0;
        for (byte[] key : sample) {
            Long usage = redis.memoryUsage(key);
            sampledBytes += usage == null ? 0 : usage; // null: the key expired since the scan
        }
        long memory = sample.isEmpty() ? 0 : Math.round((double) sampledBytes / sample.size() * counted);
        return new FootprintSample(counted, finished, memory, sample.size(), clock.instant());
    }

    /** Reservoir sampling: after n keys, each of them is in the sample with the same probability. */
    private void keep(List<byte[]> sample, byte[] key, long n) {
        if (sample.size() < MEMORY_SAMPLE) {
            sample.add(key);
            return;
        }
        long slot = (long) (random.nextDouble() * n);
        if (slot < MEMORY_SAMPLE) {
            sample.set((int) slot, key);
        }
    }
}
