package org.ofclustering.lock;

import org.junit.jupiter.api.Test;
import org.ofclustering.membership.LeaseGuard;

import java.time.Duration;
import java.util.concurrent.Callable;
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
    private final AtomicLong losses = new AtomicLong();
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

            @Override
            public long connectionLosses() {
                return losses.get();
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
        Object outcome = onEventThread(() -> {
            fence.proof("a listener's write");
            return "no failure";
        }, "it must fail at once, not wait 5 s");
        assertTrue(outcome instanceof NodeFencedException, String.valueOf(outcome));
    }

    @Test
    void aReadWaitsWhileTheLeaseIsUnconfirmedAndGoesOnUnderTheSameToken() throws Exception {
        token.set(5);
        valid = false; // a Redis connection was lost; no renewal confirmed the lease since
        AtomicLong ticket = new AtomicLong(-1);
        Thread read = new Thread(() -> ticket.set(fence.beforeRead(() -> "a read")));
        read.start();
        read.join(200);
        assertTrue(read.isAlive(), "a read waits until Redis confirmed the lease");
        valid = true; // confirmed, same token: Redis kept its data
        read.join(2_000);
        assertFalse(read.isAlive(), "a lease confirmed again under the same token ends the wait");
        assertEquals(0, ticket.get());
        assertTrue(fence.readTrusted(ticket.get()));
    }

    @Test
    void aReadDuringWhichAConnectionWasLostIsNotTrusted() {
        token.set(5);
        valid = true;
        long ticket = fence.beforeRead(() -> "a read");
        losses.incrementAndGet(); // the read was sent again after a reconnect: Redis may be empty now
        assertFalse(fence.readTrusted(ticket));
        assertTrue(fence.readTrusted(fence.beforeRead(() -> "the read again")));
    }

    @Test
    void aRoutingThreadWaitsForTheRejoinAndCompleteRoutesRatherThanGoingStandalone() throws Exception {
        AtomicReference<Thread> routing = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean routesComplete = new java.util.concurrent.atomic.AtomicBoolean();
        fence.preferRejoinOn(t -> t == routing.get(), routesComplete::get, Duration.ofSeconds(4));
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread read = routeLookup(outcome);
        routing.set(read);
        read.start();
        fence.runsStandalone(true); // another thread would now be sent to the local caches
        read.join(300);
        assertTrue(read.isAlive(), "a user's stanza does not take the local caches, where the recipient looks offline");
        fence.runsStandalone(false);
        token.set(9);
        valid = true;
        read.join(300);
        assertTrue(read.isAlive(), "a member again, but the others have not restored their routes yet");
        routesComplete.set(true);
        read.join(2_000);
        assertFalse(read.isAlive());
        assertEquals(0L, outcome.get());
    }

    @Test
    void aRoutingThreadGoesStandaloneAfterItsBound() throws Exception {
        AtomicReference<Thread> routing = new AtomicReference<>();
        fence.preferRejoinOn(t -> t == routing.get(), () -> false, Duration.ofMillis(300));
        fence.runsStandalone(true);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread read = routeLookup(outcome);
        routing.set(read);
        long start = System.nanoTime();
        read.start();
        read.join(3_000);
        long took = System.nanoTime() - start;
        assertTrue(outcome.get() instanceof NodeFencedException e && e.standalone(), String.valueOf(outcome.get()));
        assertTrue(took >= Duration.ofMillis(300).toNanos(), took + " ns");
    }

    /** A thread that reads as a route lookup does and keeps its ticket or its exception. */
    private Thread routeLookup(AtomicReference<Object> outcome) {
        return new Thread(() -> {
            try {
                outcome.set(fence.beforeRead(() -> "a route lookup"));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
    }

    @Test
    void theThreadThatEndsTheFenceReadsWithoutWaitingOrFailing() throws Exception {
        fence.neverWaitOn(t -> t.getName().equals("event-thread"));
        token.set(5);
        valid = false; // unconfirmed after a lost connection
        Object outcome = onEventThread(() -> {
            long ticket = fence.beforeRead(() -> "a core listener's read");
            losses.incrementAndGet();
            return fence.readTrusted(ticket);
        }, "it must not wait for the verdict it delivers");
        assertEquals(Boolean.TRUE, outcome, "a core listener's read is neither refused nor repeated");
    }

    /** Runs {@code body} on the thread the fence never makes wait; its result or failure, within 1 s. */
    private static Object onEventThread(Callable<Object> body, String tooSlow) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread events = new Thread(() -> {
            try {
                outcome.set(body.call());
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "event-thread");
        long start = System.nanoTime();
        events.start();
        events.join(2_000);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), tooSlow);
        return outcome.get();
    }
}
