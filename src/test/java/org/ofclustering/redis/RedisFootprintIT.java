package org.ofclustering.redis;

import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.testsupport.ScratchRedis;
import org.ofclustering.testsupport.ScratchRedisCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page's key survey against private Redis servers whose every command is logged: many
 * pages asking at once cause one survey per interval, on the survey's own connection, over this
 * cluster's keys only.
 */
class RedisFootprintIT {
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final String STATUS_CLIENT = "ofc-it-footprint-status";
    private static final KeySpace MINE = new KeySpace("it-footprint");
    private static final KeySpace OTHER = new KeySpace("it-footprint-other");

    @Test
    void pagesAskingAtOnceShareOneSurveyPerIntervalOnItsOwnConnection() throws Exception {
        try (ScratchRedis server = new ScratchRedis()) {
            server.start();
            try (RedisConnector redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", server.port()), "ofc-it-data")) {
                write(redis, MINE, 1, 120);
                write(redis, OTHER, 1, 30);
                redis.sync().set(bytes("unrelated"), bytes("x"));
                SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
                FootprintSample first;
                try (CommandLog log = new CommandLog(server.port());
                     RedisFootprint footprint = new RedisFootprint(redis, MINE, STATUS_CLIENT, INTERVAL, clock)) {
                    List<FootprintSample> seen = askConcurrently(footprint, 20, 100);
                    first = seen.get(0);
                    for (FootprintSample s : seen) {
                        assertTrue(s == first, "every page shares the one survey");
                    }
                    assertEquals(120, first.keys(), "only this cluster's keys are counted");
                    assertTrue(first.allKeysCounted());
                    assertEquals(FootprintSurvey.MEMORY_SAMPLE, first.sampledKeys());
                    assertTrue(first.memoryEstimated());
                    assertEquals(clock.instant(), first.takenAt());

                    List<CommandLog.Entry> scans = log.entries("SCAN");
                    assertFalse(scans.isEmpty());
                    assertEquals(FootprintSurvey.MEMORY_SAMPLE, log.entries("MEMORY", "USAGE").size(),
                            "2000 requests ran one survey");
                    assertOnlyOwnKeysOnOwnConnection(log);

                    clock.advance(INTERVAL.minusMillis(1));
                    assertTrue(footprint.current() == first, "within the interval the survey is not repeated");
                    assertEquals(FootprintSurvey.MEMORY_SAMPLE, log.entries("MEMORY", "USAGE").size());

                    clock.advance(Duration.ofMillis(1));
                    FootprintSample next = footprint.current();
                    assertNotSame(first, next, "after the interval the keys are counted again");
                    assertEquals(clock.instant(), next.takenAt());
                    assertEquals(2 * FootprintSurvey.MEMORY_SAMPLE, log.entries("MEMORY", "USAGE").size());
                    assertEquals(2 * scans.size(), log.entries("SCAN").size());
                }
                long exact = 0;
                for (int i = 0; i < 120; i++) {
                    exact += redis.sync().memoryUsage(MINE.keyBytes("s1", "k" + i));
                }
                assertTrue(Math.abs(first.memoryBytes() - exact) < exact * 0.3,
                        "the estimate " + first.memoryBytes() + " is near the exact " + exact);
            }
        }
    }

    @Test
    void onARedisClusterEveryMasterIsScannedForThisClustersKeysOnly() throws Exception {
        try (ScratchRedisCluster redisCluster = new ScratchRedisCluster()) {
            RedisSettings settings = redisCluster.settings(Duration.ofSeconds(5));
            try (RedisConnector redis = RedisConnector.connect(settings, "ofc-it-data")) {
                // Twelve structures, twelve hash tags: this cluster's keys lie in several slots.
                for (int structure = 0; structure < 12; structure++) {
                    write(redis, MINE, structure, 10);
                    write(redis, OTHER, structure, 5);
                }
                List<CommandLog> logs = new ArrayList<>();
                SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
                try (RedisFootprint footprint = new RedisFootprint(redis, MINE, STATUS_CLIENT, INTERVAL, clock)) {
                    for (int port : redisCluster.ports()) {
                        logs.add(new CommandLog(port));
                    }
                    FootprintSample sample = askConcurrently(footprint, 4, 10).get(0);
                    assertEquals(120, sample.keys(), "the other cluster's keys are not counted");
                    assertTrue(sample.allKeysCounted());
                    int measured = 0;
                    for (CommandLog log : logs) {
                        assertFalse(log.entries("SCAN").isEmpty(), "every master is scanned");
                        assertOnlyOwnKeysOnOwnConnection(log);
                        measured += log.entries("MEMORY", "USAGE").size();
                    }
                    assertEquals(FootprintSurvey.MEMORY_SAMPLE, measured);
                } finally {
                    logs.forEach(CommandLog::close);
                }
            }
        }
    }

    /** Every SCAN matches this cluster's pattern (never {@code *}); every survey command came from the survey's connection. */
    private static void assertOnlyOwnKeysOnOwnConnection(CommandLog log) {
        for (CommandLog.Entry scan : log.entries("SCAN")) {
            int match = scan.args().stream().map(String::toUpperCase).toList().indexOf("MATCH");
            assertTrue(match > 0, "SCAN without MATCH: " + scan.args());
            assertEquals(MINE.allKeysPattern(), scan.args().get(match + 1));
            assertEquals(STATUS_CLIENT, scan.clientName(), "SCAN on another connection: " + scan);
        }
        for (CommandLog.Entry memory : log.entries("MEMORY", "USAGE")) {
            assertTrue(memory.args().get(2).startsWith(MINE.allKeysPattern().replace("*", "")), "sampled another cluster's key: " + memory);
            assertEquals(STATUS_CLIENT, memory.clientName(), "MEMORY USAGE on another connection: " + memory);
        }
    }

    /** {@code threads} threads, released together, each asking {@code calls} times; every answer. */
    private static List<FootprintSample> askConcurrently(RedisFootprint footprint, int threads, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<FootprintSample>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<FootprintSample> mine = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        mine.add(footprint.current());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<FootprintSample> all = Collections.synchronizedList(new ArrayList<>());
            for (Future<List<FootprintSample>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(threads * calls, all.size());
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code count} keys of one structure, values of 0 to 900 bytes so that the sample matters. */
    private static void write(RedisConnector redis, KeySpace space, int structure, int count) {
        for (int i = 0; i < count; i++) {
            redis.sync().set(space.keyBytes("s" + structure, "k" + i), bytes("v".repeat(i % 10 * 100)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
