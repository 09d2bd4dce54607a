package org.ofclustering.lock;

import org.junit.jupiter.api.Test;
import org.ofclustering.membership.LeaseGuard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a fenced node's operations wait for its standing ({@link MemberFence#awaitStanding}). */
class MemberFenceTest {
    private final AtomicLong token = new AtomicLong(-1);
    private volatile boolean valid;
    private final MemberFence fence = new MemberFence(true);

    MemberFenceTest() {
        fence.guardWith(new LeaseGuard() {
            @Override
            public boolean holdsValidLease() {
                return valid;
            }

            @Override
            public long fencingToken() {
                return token.get();
            }

            @Override
            public String leaseKey() {
                return "lease";
            }
        });
        fence.transitionWait(Duration.ofSeconds(5));
    }

    @Test
    void aProofWaitsForTheRejoinAndCarriesTheNewToken() throws Exception {
        AtomicReference<MemberFence.Proof> proof = new AtomicReference<>();
        Thread op = new Thread(() -> proof.set(fence.proof("a write")));
        op.start();
        op.join(200);
        assertTrue(op.isAlive(), "waits while fenced");
        token.set(7);
        valid = true;
        op.join(2_000);
        assertNotNull(proof.get());
        assertEquals("7", new String(proof.get().token()));
    }

    @Test
    void aStandaloneNodeIsToldAtOnce() {
        fence.runsStandalone(true);
        long start = System.nanoTime();
        NodeFencedException e = assertThrows(NodeFencedException.class, () -> fence.proof("a write"));
        assertTrue(e.standalone());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
    }

    @Test
    void theWaitIsBounded() {
        fence.transitionWait(Duration.ofMillis(300));
        long start = System.nanoTime();
        NodeFencedException e = assertThrows(NodeFencedException.class, () -> fence.proof("a write"));
        assertFalse(e.standalone());
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(300).toNanos() && took < Duration.ofSeconds(3).toNanos(), took + " ns");
    }

    @Test
    void theThreadThatEndsTheFenceNeverWaits() throws Exception {
        fence.neverWaitOn(t -> t.getName().equals("event-thread"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread events = new Thread(() -> {
            try {
                fence.proof("a listener's write");
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "event-thread");
        long start = System.nanoTime();
        events.start();
        events.join(2_000);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "it must fail at once, not wait 5 s");
        assertTrue(failure.get() instanceof NodeFencedException, String.valueOf(failure.get()));
    }
}
