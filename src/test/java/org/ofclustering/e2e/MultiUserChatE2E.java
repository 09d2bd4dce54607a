package org.ofclustering.e2e;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A multi-user chat room with an occupant on every node: everyone sees everyone join, every
 * message in order per sender, a nickname change and a departure.
 */
@ExtendWith(ClusterExtension.class)
class MultiUserChatE2E {
    private static final int MESSAGES_EACH = 40;
    private static final Duration VISIBLE = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void occupantsOnEveryNodeSeeJoinsMessagesNickChangeAndLeave(OpenfireCluster cluster) throws Exception {
        int count = Math.max(cluster.size(), 3);
        List<XmppClient> users = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                users.add(XmppClient.register(cluster.node(i), XmppClient.uniqueName("occupant" + i), "n" + (i + 1)));
            }
            EntityBareJid room = JidCreate.entityBareFrom(XmppClient.uniqueName("room") + "@conference." + cluster.domain());
            List<MultiUserChat> chats = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                MultiUserChat muc = MultiUserChatManager.getInstanceFor(users.get(i).connection()).getMultiUserChat(room);
                Resourcepart nick = Resourcepart.from("nick" + i);
                if (i == 0) {
                    muc.create(nick).makeInstant();
                } else {
                    muc.join(nick);
                }
                chats.add(muc);
            }
            for (int i = 0; i < count; i++) {
                MultiUserChat muc = chats.get(i);
                Eventually.await("occupant on node " + (i + 1) + " sees all " + count + " occupants", VISIBLE,
                        () -> muc.getOccupantsCount() == count);
            }

            for (int m = 0; m < MESSAGES_EACH; m++) {
                for (int i = 0; i < count; i++) {
                    chats.get(i).sendMessage("nick" + i + "-" + m);
                }
            }
            for (int receiver = 0; receiver < count; receiver++) {
                for (int sender = 0; sender < count; sender++) {
                    Predicate<Message> fromSender = fromOccupant(room, "nick" + sender);
                    List<String> got = users.get(receiver).awaitMessages(fromSender, MESSAGES_EACH, VISIBLE)
                            .stream().map(Message::getBody).toList();
                    assertEquals(expected("nick" + sender), got,
                            "room messages of nick" + sender + " seen by the occupant on node " + (receiver + 1));
                }
            }

            // A nickname change is presence to the room with the new nick (XEP-0045 7.6).
            EntityFullJid renamed = JidCreate.entityFullFrom(room, Resourcepart.from("renamed1"));
            XmppClient renamer = users.get(1);
            renamer.connection().sendStanza(renamer.connection().getStanzaFactory().buildPresenceStanza()
                    .to(renamed).build());
            for (int i = 0; i < count; i++) {
                if (i == 1) {
                    continue; // the renamed occupant's client does not track a change it did not make through its API
                }
                MultiUserChat muc = chats.get(i);
                Eventually.await("occupant on node " + (i + 1) + " sees nick1 renamed to renamed1", VISIBLE,
                        () -> muc.getOccupants().contains(renamed)
                                && !muc.getOccupants().contains(JidCreate.entityFullFrom(room, Resourcepart.fromOrThrowUnchecked("nick1"))));
            }

            chats.get(count - 1).leave();
            EntityFullJid leaver = JidCreate.entityFullFrom(room, Resourcepart.from("nick" + (count - 1)));
            for (int i = 0; i < count - 1; i++) {
                if (i == 1) {
                    continue; // its client saw its own old nick leave (status 303) and stopped tracking the room
                }
                MultiUserChat muc = chats.get(i);
                Eventually.await("occupant on node " + (i + 1) + " sees the occupant of node " + count + " leave", VISIBLE,
                        () -> !muc.getOccupants().contains(leaver) && muc.getOccupantsCount() == count - 1);
            }
        } finally {
            users.forEach(XmppClient::close);
        }
    }

    private static Predicate<Message> fromOccupant(EntityBareJid room, String nick) {
        return m -> m.getType() == Message.Type.groupchat && m.getFrom() != null
                && room.equals(m.getFrom().asBareJid())
                && m.getFrom().getResourceOrEmpty().toString().equals(nick);
    }

    private static List<String> expected(String nick) {
        List<String> bodies = new ArrayList<>();
        for (int m = 0; m < MESSAGES_EACH; m++) {
            bodies.add(nick + "-" + m);
        }
        return bodies;
    }
}
