// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.handler;

public class PresenceUpdateHandler {
    public PresenceUpdateHandler() { throw new UnsupportedOperationException(); }
    public void removedExpiredPresences() { throw new UnsupportedOperationException(); }
}
