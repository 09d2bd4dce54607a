package org.ofclustering.openfire;

import org.jivesoftware.util.JiveGlobals;
import org.ofclustering.database.PropertyCipher;

/**
 * Openfire's own property encryption, used the way Openfire's property store uses it: the "new"
 * encryptor for writing (it differs from the current one only while the key is being changed) and
 * the current one for reading.
 */
final class OpenfirePropertyCipher implements PropertyCipher {
    @Override
    public String encrypt(String value, byte[] iv) {
        return JiveGlobals.getPropertyEncryptor(true).encrypt(value, iv);
    }

    @Override
    public String decrypt(String stored, byte[] iv) {
        return JiveGlobals.getPropertyEncryptor().decrypt(stored, iv);
    }
}
