// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire;

import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

public class MessageRouter {
    private MessageRouter() { throw new UnsupportedOperationException(); }
    public void routingFailed(JID recipient, Packet packet) { throw new UnsupportedOperationException(); }
}
