package org.ofclustering.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The XEP-0065 transfer digest: SHA-1 of session id + initiator JID + target JID, as 40 lower-case
 * hex characters. Both SOCKS5 legs of one transfer carry it as their "domain name" address.
 */
public final class TransferDigest {
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");

    private TransferDigest() {
    }

    /** The digest for a session id and the full JIDs of initiator and target. */
    public static String of(String sid, String initiatorJid, String targetJid) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] hash = sha1.digest((sid + initiatorJid + targetJid).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }

    /** Whether the text is a well-formed digest (40 hex characters; upper case is accepted). */
    public static boolean isValid(String text) {
        return text != null && HEX40.matcher(text.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    /** The canonical (lower-case) form of a valid digest. */
    public static String normalize(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a transfer digest (40 hex characters): " + text);
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }
}
