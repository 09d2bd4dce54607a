// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.session;

/** Only passed through (an interceptor's argument); no member is used. */
public interface Session {
}
