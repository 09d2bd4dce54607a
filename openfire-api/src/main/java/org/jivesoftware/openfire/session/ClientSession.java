// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.session;

/** Only referenced (a routing table lookup's result is compared with null); no member is used. */
public interface ClientSession extends Session {
}
