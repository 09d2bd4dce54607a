package org.ofclustering.openfire;

import java.util.Set;
import org.xmpp.packet.Packet;
import org.jivesoftware.openfire.session.Session;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When {@link RouteRebuildGate} holds a user's stanza, and when it lets it through. */
class RouteRebuildGateTest {
    private static final Session USER = new Session() {
        @Override
        public org.xmpp.packet.JID getAddress() {
            return new org.xmpp.packet.JID("alice", "example.org", "r");
        }
    };

    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private final AtomicBoolean member = new AtomicBoolean(true);
    private final RouteRebuildGate gate = new RouteRebuildGate(redisUp::get, member::get);

    @Test
    void anOpenGatePassesAtOnce() throws Exception {
        assertTrue(passesWithin(new Message(), USER, 200));
    }

    @Test
    void aUsersMessageWaitsWhileTheNodeIsNotAMemberAndGoesWhenItIs() throws Exception {
        member.set(false);
        Thread sender = send(new Message(), USER);
        sender.join(300);
        assertTrue(sender.isAlive(), "held while not a member");
        member.set(true);
        sender.join(2_000);
        assertFalse(sender.isAlive());
    }

    @Test
    void coreOwnStanzasAndIqsNeverWait() throws Exception {
        member.set(false);
        redisUp.set(false);
        assertTrue(passesWithin(new Message(), null, 200), "no session: a stanza core routes itself");
        assertTrue(passesWithin(new IQ(), USER, 200), "IQs are not held");
    }

    @Test
    void afterARejoinItWaitsForTheNodesKnownBeforeTheFenceUntilTheyAnnounce() throws Exception {
        long fencedAt = System.nanoTime();
        gate.announced("node-c"); // announced after the fence began: already restored
        gate.rejoined(List.of("node-b", "node-c"), fencedAt);
        assertEquals(Set.of("node-b"), gate.awaited());
        Thread sender = send(new Message(), USER);
        Thread.sleep(200);
        assertTrue(sender.isAlive(), "held until node-b restored its routes");
        assertTrue(gate.awaits("node-b"), "stanzas core already routed to node-b wait for it too");
        assertFalse(gate.routesComplete());
        gate.announced("node-b");
        sender.join(2_000);
        assertFalse(sender.isAlive());
        assertFalse(gate.awaits("node-b"));
        assertTrue(gate.routesComplete());
    }

    @Test
    void aNodeThatLeftIsNotAwaited() throws Exception {
        gate.rejoined(List.of("node-b"), System.nanoTime());
        gate.departed("node-b");
        assertTrue(passesWithin(new Message(), USER, 200));
    }

    @Test
    void aClosedSpellLongerThanTheHoldIsAnOutageAndStanzasStopWaiting() throws Exception {
        redisUp.set(false);
        long start = System.nanoTime();
        assertTrue(passesWithin(new Message(), USER, RouteRebuildGate.HOLD.toMillis() + 2_000), "the first stanza waits at most the hold");
        assertTrue(System.nanoTime() - start >= RouteRebuildGate.HOLD.toNanos() - TimeUnit.MILLISECONDS.toNanos(50));
        assertTrue(passesWithin(new Message(), USER, 200), "during an outage stanzas no longer wait");
    }

    private boolean passesWithin(Packet packet, Session session, long millis) throws InterruptedException {
        Thread t = send(packet, session);
        t.join(millis);
        return !t.isAlive();
    }

    private Thread send(Packet packet, Session session) {
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            gate.interceptPacket(packet, session, true, false);
        }, "user-stream");
        t.setDaemon(true);
        t.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return t;
    }

    @Test
    void aLeaveWaitsForTheStanzasAlreadyBeingRoutedAndNoLongerThanItsBound() throws Exception {
        CountDownLatch routed = new CountDownLatch(1);
        CountDownLatch passed = new CountDownLatch(1);
        Message message = new Message();
        Thread router = new Thread(() -> {
            gate.interceptPacket(message, USER, true, false);
            passed.countDown();
            try {
                routed.await(5, TimeUnit.SECONDS); // core routing the stanza
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.interceptPacket(message, USER, true, true);
        });
        router.start();
        assertTrue(passed.await(2, TimeUnit.SECONDS));
        assertEquals(1, gate.awaitRouted(java.time.Duration.ofMillis(100)), "still routing when the bound passed");
        Thread finisher = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            routed.countDown();
        });
        finisher.start();
        assertEquals(0, gate.awaitRouted(java.time.Duration.ofSeconds(3)), "the leave goes on once the stanza is routed");
        router.join(2_000);
        assertEquals(0, gate.awaitRouted(java.time.Duration.ofMillis(1)), "nothing in flight after core's processed call");
    }

    @Test
    void aLeaveDoesNotWaitForAStanzaCaughtInTheFence() throws Exception {
        CountDownLatch passed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] router = new Thread[1];
        RouteRebuildGate fenced = new RouteRebuildGate(redisUp::get, member::get, t -> t == router[0], jid -> true);
        router[0] = new Thread(() -> {
            fenced.interceptPacket(new Message(), USER, true, false);
            passed.countDown();
            try {
                release.await(5, TimeUnit.SECONDS); // waiting in the fence until the node runs standalone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        router[0].start();
        assertTrue(passed.await(2, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertEquals(0, fenced.awaitRouted(java.time.Duration.ofSeconds(3)), "not waited for");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        release.countDown();
        router[0].join(2_000);
    }

    @Test
    void onlyAStanzaForAUserOfAnotherNodeWaitsForTheRejoinWhenCaughtInAFence() throws Exception {
        java.util.Set<String> here = java.util.Set.of("carol@example.org");
        RouteRebuildGate withRecipients = new RouteRebuildGate(redisUp::get, member::get, t -> false,
                jid -> here.contains(jid.toBareJID()));
        Message toOtherNode = new Message();
        toOtherNode.setTo("bob@example.org");
        Message toThisNode = new Message();
        toThisNode.setTo("carol@example.org/phone");
        withRecipients.interceptPacket(toOtherNode, USER, true, false);
        assertTrue(withRecipients.routesToAnotherNode(Thread.currentThread()), "bob is connected elsewhere");
        withRecipients.interceptPacket(toOtherNode, USER, true, true);
        assertFalse(withRecipients.routesToAnotherNode(Thread.currentThread()), "routed: nothing to wait for");
        withRecipients.interceptPacket(toThisNode, USER, true, false);
        assertFalse(withRecipients.routesToAnotherNode(Thread.currentThread()), "carol's route is in the local caches");
    }

    @Test
    void theRebuildAfterRedisCameBackIsASpellOfItsOwn() throws Exception {
        redisUp.set(false);
        member.set(false);
        Thread sender = send(new Message(), USER);
        Thread.sleep(3_000);
        redisUp.set(true); // Redis is back; the node still rejoins and rebuilds
        Thread.sleep(3_500);
        assertTrue(sender.isAlive(), "held past the hold counted from the outage: the rebuild has a hold of its own");
        member.set(true);
        sender.join(2_000);
        assertFalse(sender.isAlive());
    }
}
