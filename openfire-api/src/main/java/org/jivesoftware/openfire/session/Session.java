// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.session;

/** An interceptor's argument; only its address is read (is a stanza's recipient connected here). */
public interface Session {
    org.xmpp.packet.JID getAddress();
}
