// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.session.ClientSession;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

public interface RoutingTable {
    void routePacket(JID jid, Packet packet) throws PacketException;

    ClientSession getClientRoute(JID jid);

    boolean isLocalRoute(JID jid);

    java.util.Collection<ClientSession> getClientsRoutes(boolean onlyLocal);
}
