package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chat messages between users connected to different nodes arrive exactly once and in order per sender. */
@ExtendWith(ClusterExtension.class)
class CrossNodeMessagingE2E {
    private static final int PER_DIRECTION = 300;
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    /** After the expected count arrived, wait this long for duplicates. */
    private static final Duration DUPLICATE_WINDOW = Duration.ofSeconds(3);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void hundredsOfMessagesEachWayArriveOnceAndInOrder(OpenfireCluster cluster) throws Exception {
        try (XmppClient alice = XmppClient.register(cluster.node(0), XmppClient.uniqueName("alice"), "n1");
             XmppClient bob = XmppClient.register(cluster.node(1), XmppClient.uniqueName("bob"), "n2")) {
            Thread toBob = sender(alice, bob, "a2b-");
            Thread toAlice = sender(bob, alice, "b2a-");
            toBob.start();
            toAlice.start();
            toBob.join(DELIVERY.toMillis());
            toAlice.join(DELIVERY.toMillis());

            assertEquals(expected("a2b-"), bodies(bob, alice), "what bob (node 2) received from alice (node 1)");
            assertEquals(expected("b2a-"), bodies(alice, bob), "what alice (node 1) received from bob (node 2)");
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void sendersOnEveryNodeReachOneRecipientEachInOrder(OpenfireCluster cluster) throws Exception {
        int nodes = Math.max(cluster.size(), 3);
        try (XmppClient receiver = XmppClient.register(cluster.node(nodes - 1), XmppClient.uniqueName("dana"), "last")) {
            List<XmppClient> senders = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    senders.add(XmppClient.register(cluster.node(i), XmppClient.uniqueName("sender" + i), "n" + (i + 1)));
                }
                List<Thread> threads = new ArrayList<>();
                for (XmppClient s : senders) {
                    threads.add(sender(s, receiver, s.username() + "-"));
                }
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join(DELIVERY.toMillis());
                }
                for (XmppClient s : senders) {
                    assertEquals(expected(s.username() + "-"), bodies(receiver, s), "messages from " + s.jid());
                }
            } finally {
                senders.forEach(XmppClient::close);
            }
        }
    }

    private static Thread sender(XmppClient from, XmppClient to, String prefix) {
        return new Thread(() -> {
            try {
                for (int i = 0; i < PER_DIRECTION; i++) {
                    from.send(to.bareJid(), prefix + i);
                }
            } catch (Exception e) {
                throw new IllegalStateException("sending " + prefix + " failed", e);
            }
        }, "send-" + prefix);
    }

    private static List<String> expected(String prefix) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < PER_DIRECTION; i++) {
            bodies.add(prefix + i);
        }
        return bodies;
    }

    private static List<String> bodies(XmppClient receiver, XmppClient sender) throws InterruptedException {
        receiver.awaitMessages(XmppClient.from(sender), PER_DIRECTION, DELIVERY);
        return receiver.messagesAfter(XmppClient.from(sender), DUPLICATE_WINDOW).stream().map(Message::getBody).toList();
    }
}
