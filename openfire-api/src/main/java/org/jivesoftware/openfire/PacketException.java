// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire;

public class PacketException extends RuntimeException {
    public PacketException() { throw new UnsupportedOperationException(); }
}
