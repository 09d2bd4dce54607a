package org.ofclustering.database;

/**
 * How Openfire encrypts a system property stored in {@code ofProperty}: the value with a random
 * 16-byte IV of its row. In production Openfire's property encryptor (the master key in
 * security.xml); in tests a plain AES cipher.
 */
public interface PropertyCipher {
    /** The text to store in {@code propValue}. */
    String encrypt(String value, byte[] iv);

    /** The value of a stored {@code propValue}; {@code iv} is null for rows written before Openfire used IVs. */
    String decrypt(String stored, byte[] iv);
}
