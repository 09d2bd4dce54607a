package org.ofclustering.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acknowledgements an {@link AckWindow} asks for, checked against what a broker accepts. */
class AckWindowTest {

    @Test
    void aRunOfFinishedDeliveriesIsOneFrameAndNothingIsAcknowledgedBeforeItFinished() {
        AckWindow w = new AckWindow(100);
        for (long t = 1; t <= 5; t++) {
            w.received(t);
        }
        w.finished(3);
        w.finished(2);
        assertEquals(List.of(), w.due(), "1 is still running");
        w.finished(1);
        assertEquals(List.of(new AckWindow.Ack(3, true)), w.due());
        w.finished(5);
        assertEquals(List.of(), w.due());
        w.finished(4);
        assertEquals(List.of(new AckWindow.Ack(5, true)), w.due());
        assertEquals(0, w.openCount());
    }

    @Test
    void aLongRunningTaskDoesNotHoldTheOthersOnceTheSpreadIsExceeded() {
        AckWindow w = new AckWindow(3);
        for (long t = 1; t <= 6; t++) {
            w.received(t);
        }
        w.finished(2);
        w.finished(3);
        assertEquals(List.of(new AckWindow.Ack(2, false), new AckWindow.Ack(3, false)), w.due(),
                "6 open behind a running task, more than the spread: the finished ones go on their own");
        w.finished(1);
        assertEquals(List.of(new AckWindow.Ack(1, true)), w.due(), "a multiple frame never names a tag acknowledged on its own");
        w.finished(5);
        assertEquals(List.of(), w.due(), "3 open: within the spread");
        w.finished(4);
        w.finished(6);
        assertEquals(List.of(new AckWindow.Ack(6, true)), w.due());
    }

    /**
     * Random finishing orders, a small spread, due() called at random moments: a simulated broker
     * checks that no frame names a tag it does not hold (a channel error), and that at the end every
     * delivery was acknowledged exactly once and only after it finished.
     */
    @Test
    void randomFinishingOrdersNeverProduceAFrameTheBrokerRefuses() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            AckWindow w = new AckWindow(1 + random.nextInt(20));
            Set<Long> outstanding = new HashSet<>();
            Set<Long> finished = new HashSet<>();
            List<Long> order = new ArrayList<>();
            for (long t = 1; t <= n; t++) {
                w.received(t);
                outstanding.add(t);
                order.add(t);
            }
            Collections.shuffle(order, random);
            for (long t : order) {
                w.finished(t);
                finished.add(t);
                if (random.nextInt(3) == 0) {
                    continue; // another thread holds the sender: this one leaves its tag to it
                }
                broker(w.due(), outstanding, finished, seed);
            }
            broker(w.due(), outstanding, finished, seed);
            assertEquals(Set.of(), outstanding, "seed " + seed + ": left unacknowledged");
        }
    }

    /** What RabbitMQ does with the frames: an unknown tag closes the channel; multiple covers every outstanding tag up to it. */
    private static void broker(List<AckWindow.Ack> frames, Set<Long> outstanding, Set<Long> finished, long seed) {
        for (AckWindow.Ack ack : frames) {
            assertTrue(outstanding.contains(ack.tag()), "seed " + seed + ": frame for a tag the broker does not hold: " + ack);
            if (ack.multiple()) {
                for (long o : List.copyOf(outstanding)) {
                    if (o <= ack.tag()) {
                        assertTrue(finished.contains(o), "seed " + seed + ": tag " + o + " acknowledged before it finished");
                        outstanding.remove(o);
                    }
                }
            } else {
                assertTrue(finished.contains(ack.tag()), "seed " + seed + ": tag " + ack.tag() + " acknowledged before it finished");
                outstanding.remove(ack.tag());
            }
        }
    }
}
