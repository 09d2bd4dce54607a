package org.ofclustering.e2e;

import org.jivesoftware.smack.roster.Roster;

import java.time.Duration;

/** Presence subscriptions set up the way a user does it: request, and the contact accepts. */
final class Rosters {
    private Rosters() {
    }

    /** {@code watcher} subscribes to {@code contact}'s presence and waits until it sees the contact available. */
    static Roster watch(XmppClient watcher, XmppClient contact, Duration timeout) throws Exception {
        Roster.getInstanceFor(contact.connection()).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster roster = Roster.getInstanceFor(watcher.connection());
        roster.reloadAndWait();
        roster.createItemAndRequestSubscription(contact.bareJid(), contact.username(), null);
        Eventually.await(watcher.jid() + " sees " + contact.jid() + " available", timeout,
                () -> roster.getPresence(contact.bareJid()).isAvailable());
        return roster;
    }
}
