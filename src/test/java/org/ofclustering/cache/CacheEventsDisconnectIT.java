package org.ofclustering.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.testsupport.TcpProxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose connection to Redis is cut (through a TCP proxy) while another node writes: it must
 * receive every event afterwards, in order, or, when it was away longer than the event retention,
 * report the gap.
 */
class CacheEventsDisconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private CacheNodes cluster;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws Exception {
        cluster = new CacheNodes("cache-cut");
        proxy = new TcpProxy("127.0.0.1", 6379);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        cluster.close();
    }

    private RedisSettings throughProxy() {
        return RedisSettings.standalone("127.0.0.1", proxy.port());
    }

    @Test
    void aSubscriberCutOffForSecondsMissesNoEvent() throws Exception {
        ClusteredMap<String, Integer> a = cluster.node("node-a").open("Routing Users Cache", CacheLimits.NONE);
        ClusteredCaches nodeB = cluster.node("node-b", throughProxy(), CacheSettings.defaults());
        AtomicLong gaps = new AtomicLong();
        nodeB.setEventGapHandler((cache, lost) -> gaps.addAndGet(lost));
        ClusteredMap<String, Integer> b = nodeB.open("Routing Users Cache", CacheLimits.NONE);
        RecordingListener<String, Integer> onB = new RecordingListener<>();
        b.addListener(onB, true, false);

        a.put("before", 0);
        CacheNodes.eventually("the first event", WAIT, () -> onB.size() == 1);

        proxy.setRefusing(true); // cuts node b's connections and refuses new ones
        for (int i = 1; i <= 300; i++) {
            a.put("during", i);
        }
        Thread.sleep(3000);
        assertEquals(1, onB.size(), "nothing can arrive while node b is cut off");
        proxy.setRefusing(false);

        CacheNodes.eventually("every event written while node b was cut off", WAIT, () -> onB.size() == 301);
        List<String> lines = onB.linesAbout("during");
        assertEquals("added during null 1 node-a", lines.get(0));
        for (int i = 2; i <= 300; i++) {
            assertEquals("updated during " + (i - 1) + " " + i + " node-a", lines.get(i - 1), "order after reconnecting");
        }
        assertEquals(0, gaps.get(), "no gap within the retention");
        a.put("after", 1);
        CacheNodes.eventually("events keep flowing", WAIT, () -> onB.size() == 302);
    }

    @Test
    void aSubscriberCutOffLongerThanTheRetentionDetectsTheGap() throws Exception {
        CacheSettings shortRetention = CacheSettings.defaults().withEventRetention(Duration.ofSeconds(1));
        ClusteredMap<String, Integer> a = cluster.node("node-a", shortRetention).open("Client Session Info Cache", CacheLimits.NONE);
        ClusteredCaches nodeB = cluster.node("node-b", throughProxy(), shortRetention);
        AtomicLong gaps = new AtomicLong();
        nodeB.setEventGapHandler((cache, lost) -> {
            assertEquals("Client Session Info Cache", cache);
            gaps.addAndGet(lost);
        });
        ClusteredMap<String, Integer> b = nodeB.open("Client Session Info Cache", CacheLimits.NONE);
        RecordingListener<String, Integer> onB = new RecordingListener<>();
        b.addListener(onB, false, false);

        proxy.setRefusing(true);
        for (int i = 0; i < 500; i++) {
            a.put("k" + i, i);
        }
        Thread.sleep(2500);
        for (int i = 0; i < 500; i++) {
            a.put("late" + i, i); // these writes trim the stream past what node b has read
        }
        proxy.setRefusing(false);

        CacheNodes.eventually("the gap is reported", WAIT, () -> gaps.get() > 0);
        CacheNodes.eventually("the events after the gap arrive", WAIT,
                () -> onB.lines().contains("added late499 null null node-a"));
        assertTrue(onB.size() < 1000, "some events were lost, yet a gap was reported: " + onB.size());
    }

    @Test
    void eventsResumeAndARestartIsReportedWhenRedisLosesTheCachesData() throws Exception {
        ClusteredMap<String, Integer> a = cluster.node("node-a").open("Directed Presences", CacheLimits.NONE);
        ClusteredCaches nodeB = cluster.node("node-b");
        AtomicLong restarts = new AtomicLong();
        nodeB.setEventGapHandler((cache, lost) -> {
            if (lost == -1) {
                restarts.incrementAndGet();
            }
        });
        ClusteredMap<String, Integer> b = nodeB.open("Directed Presences", CacheLimits.NONE);
        RecordingListener<String, Integer> onB = new RecordingListener<>();
        b.addListener(onB, true, false);
        for (int i = 0; i < 3; i++) {
            a.put("k" + i, i);
        }
        CacheNodes.eventually("the first events", WAIT, () -> onB.size() == 3);

        CacheKeys keys = new CacheKeys(cluster.space, "Directed Presences");
        cluster.admin().sync().del(keys.all()); // what a Redis restart without persistence does

        CacheNodes.eventually("events flow again once the listening node re-asserted its interest", WAIT, () -> {
            a.put("again", 1); // the first of these writes may find no listener registered any more
            return !onB.linesAbout("again").isEmpty();
        });
        assertTrue(restarts.get() > 0, "the restarted numbering was reported");
    }
}
