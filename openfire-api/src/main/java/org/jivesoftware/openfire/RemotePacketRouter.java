// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire;

import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

public interface RemotePacketRouter {
    boolean routePacket(byte[] nodeID, JID recipient, Packet packet);
    void broadcastPacket(Message packet);
}
