// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util;

public interface Encryptor {
    String encrypt(String value, byte[] iv);
    String decrypt(String value, byte[] iv);
}
