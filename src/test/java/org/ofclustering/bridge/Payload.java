package org.ofclustering.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Test payloads: pseudo-random bytes written and read with a SHA-256 of what passed. */
final class Payload {
    private Payload() {
    }

    /** Writes {@code size} pseudo-random bytes; returns their SHA-256 in hex. */
    static String send(OutputStream out, long size, long seed) throws IOException {
        MessageDigest sha = sha256();
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            random.nextBytes(chunk);
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            sha.update(chunk, 0, n);
            left -= n;
        }
        out.flush();
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Reads to end of stream; returns byte count and SHA-256. */
    static Received receive(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            sha.update(buf, 0, n);
            total += n;
        }
        return new Received(total, HexFormat.of().formatHex(sha.digest()));
    }

    record Received(long bytes, String sha256) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
