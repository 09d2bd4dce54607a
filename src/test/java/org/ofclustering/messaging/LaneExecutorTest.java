package org.ofclustering.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneExecutorTest {
    @Test
    void tasksOfOneLaneRunInOrderWhileABlockedLaneDoesNotHoldOthersBack() throws Exception {
        LaneExecutor executor = new LaneExecutor("test-lanes", 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        List<Integer> order = new ArrayList<>();
        executor.execute("blocked", () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            executor.execute("ordered", () -> {
                synchronized (order) {
                    order.add(n);
                }
            });
        }
        executor.execute("other", otherDone::countDown);
        assertTrue(otherDone.await(10, TimeUnit.SECONDS), "a free lane ran while another lane was blocked");
        release.countDown();
        assertTrue(executor.shutdown(Duration.ofSeconds(10)));
        assertEquals(1_000, order.size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void aFailingTaskDoesNotStopItsLane() throws Exception {
        LaneExecutor executor = new LaneExecutor("test-lanes", 2);
        CountDownLatch after = new CountDownLatch(1);
        executor.execute("lane", () -> {
            throw new IllegalStateException("expected by the test");
        });
        executor.execute("lane", after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
        executor.shutdown(Duration.ofSeconds(5));
    }
}
