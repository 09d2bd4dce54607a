package org.ofclustering.openfire;

import org.jivesoftware.openfire.RoutingTable;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.session.ClientSession;
import org.xmpp.packet.JID;

/**
 * Whether a user is connected to this node, from Openfire's local routing table only (never the
 * clustered caches, which may be unreadable at that moment): a full JID by its route, a bare JID
 * by any session of the user. Asked rarely (for a stanza caught in a fence), so a scan of the local
 * sessions is acceptable.
 */
final class LocalRecipients {
    private LocalRecipients() {
    }

    static boolean connectedHere(JID user) {
        RoutingTable routes = XMPPServer.getInstance().getRoutingTable();
        if (user.getResource() != null) {
            return routes.isLocalRoute(user);
        }
        String bare = user.toBareJID();
        for (ClientSession session : routes.getClientsRoutes(true)) {
            JID address = session.getAddress();
            if (address != null && bare.equals(address.toBareJID())) {
                return true;
            }
        }
        return false;
    }
}
