package org.ofclustering.bridge;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first message on a node-to-node link, sent by the connecting node:
 * <pre>
 *   "OFCB" | version (1) | type (1) | digest (40 ASCII) | node id length (1) | node id (UTF-8)
 *        | nonce (16) | expiry (8, ms since the epoch) | HMAC-SHA256 (32) over all preceding bytes
 * </pre>
 * Type {@link #JOIN} turns the connection into the other leg of the transfer; type {@link #ACTIVATE}
 * asks the receiving node to activate the transfer and answer one status byte.
 */
record LinkHello(int type, String digest, String nodeId, byte[] nonce, long expiry, byte[] mac) {
    static final byte[] MAGIC = {'O', 'F', 'C', 'B'};
    static final int VERSION = 1;
    static final int JOIN = 1;
    static final int ACTIVATE = 2;
    static final int NONCE_LENGTH = 16;
    static final int MAC_LENGTH = 32;

    /** The bytes the MAC covers. */
    byte[] signedPart() {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(buf);
            byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(type);
            out.write(digest.getBytes(StandardCharsets.US_ASCII));
            out.writeByte(node.length);
            out.write(node);
            out.write(nonce);
            out.writeLong(expiry);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /** The whole message as sent. */
    byte[] encode() {
        byte[] signed = signedPart();
        byte[] all = new byte[signed.length + MAC_LENGTH];
        System.arraycopy(signed, 0, all, 0, signed.length);
        System.arraycopy(mac, 0, all, signed.length, MAC_LENGTH);
        return all;
    }

    /**
     * Reads one hello. Structural problems (wrong magic or version, unknown type, bad lengths,
     * malformed digest) are an {@link IOException}; the MAC is not checked here.
     */
    static LinkHello read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a bridge link (bad magic)");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unsupported link version " + version);
        }
        int type = in.readUnsignedByte();
        if (type != JOIN && type != ACTIVATE) {
            throw new IOException("unknown link message type " + type);
        }
        byte[] digest = new byte[40];
        in.readFully(digest);
        String digestText = new String(digest, StandardCharsets.US_ASCII);
        if (!TransferDigest.isValid(digestText)) {
            throw new IOException("malformed transfer digest");
        }
        int nodeLength = in.readUnsignedByte();
        if (nodeLength == 0) {
            throw new IOException("empty node id");
        }
        byte[] node = new byte[nodeLength];
        in.readFully(node);
        byte[] nonce = new byte[NONCE_LENGTH];
        in.readFully(nonce);
        long expiry = in.readLong();
        byte[] mac = new byte[MAC_LENGTH];
        in.readFully(mac);
        return new LinkHello(type, TransferDigest.normalize(digestText), new String(node, StandardCharsets.UTF_8),
                nonce, expiry, mac);
    }
}
