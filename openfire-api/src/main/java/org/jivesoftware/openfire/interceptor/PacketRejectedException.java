// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.interceptor;

public class PacketRejectedException extends Exception {
    public PacketRejectedException() {
        throw new UnsupportedOperationException();
    }
}
