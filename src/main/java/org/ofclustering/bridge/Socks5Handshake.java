package org.ofclustering.bridge;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The server side of the SOCKS5 exchange (RFC 1928) as XEP-0065 uses it: the client offers
 * "no authentication", then sends CONNECT to a "domain name" address that is the 40-hex-character
 * transfer digest, port 0. {@link #readDigest} returns the digest once the request is read; the
 * caller answers with {@link #writeReply} after deciding what to do with the leg.
 */
final class Socks5Handshake {
    static final int VERSION = 5;
    static final int METHOD_NO_AUTH = 0x00;
    static final int METHOD_NONE_ACCEPTABLE = 0xFF;
    static final int CMD_CONNECT = 0x01;
    static final int ATYP_DOMAIN = 0x03;

    static final int REPLY_SUCCEEDED = 0x00;
    static final int REPLY_GENERAL_FAILURE = 0x01;
    static final int REPLY_NOT_ALLOWED = 0x02;
    static final int REPLY_HOST_UNREACHABLE = 0x04;
    static final int REPLY_COMMAND_NOT_SUPPORTED = 0x07;
    static final int REPLY_ADDRESS_NOT_SUPPORTED = 0x08;

    private Socks5Handshake() {
    }

    /**
     * Why a handshake was refused. {@code reply} is the SOCKS5 reply code to send before closing,
     * or -1 when the connection is closed without a reply (not SOCKS5, or the method reply already
     * said no).
     */
    static final class Refusal extends IOException {
        final int reply;

        Refusal(String message, int reply) {
            super(message);
            this.reply = reply;
        }
    }

    /**
     * Reads the greeting, answers the method selection and reads the CONNECT request.
     *
     * @return the transfer digest (lower case)
     * @throws Refusal     for a protocol violation (after answering 0xFF where the method was the problem)
     * @throws IOException when the connection fails or times out
     */
    static String readDigest(InputStream rawIn, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new Refusal("greeting version " + version + " is not SOCKS5", -1);
        }
        int methodCount = in.readUnsignedByte();
        byte[] methods = new byte[methodCount];
        in.readFully(methods);
        boolean noAuthOffered = false;
        for (byte m : methods) {
            noAuthOffered |= (m & 0xFF) == METHOD_NO_AUTH;
        }
        if (!noAuthOffered) {
            out.write(new byte[]{VERSION, (byte) METHOD_NONE_ACCEPTABLE});
            out.flush();
            throw new Refusal("client did not offer the 'no authentication' method", -1);
        }
        out.write(new byte[]{VERSION, METHOD_NO_AUTH});
        out.flush();

        int requestVersion = in.readUnsignedByte();
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int addressType = in.readUnsignedByte();
        if (requestVersion != VERSION) {
            throw new Refusal("request version " + requestVersion + " is not SOCKS5", REPLY_GENERAL_FAILURE);
        }
        if (command != CMD_CONNECT) {
            throw new Refusal("command " + command + " is not CONNECT", REPLY_COMMAND_NOT_SUPPORTED);
        }
        if (addressType != ATYP_DOMAIN) {
            throw new Refusal("address type " + addressType + " is not a domain name", REPLY_ADDRESS_NOT_SUPPORTED);
        }
        int length = in.readUnsignedByte();
        byte[] name = new byte[length];
        in.readFully(name);
        int port = in.readUnsignedShort();
        String address = new String(name, StandardCharsets.US_ASCII);
        if (length != 40 || !TransferDigest.isValid(address)) {
            throw new Refusal("address of " + length + " bytes is not a transfer digest", REPLY_NOT_ALLOWED);
        }
        if (port != 0) {
            throw new Refusal("port " + port + " is not 0 as XEP-0065 requires", REPLY_NOT_ALLOWED);
        }
        return TransferDigest.normalize(address);
    }

    /** The reply to CONNECT: success echoes the digest as bound address, failures carry 0.0.0.0:0. */
    static void writeReply(OutputStream out, int reply, String digest) throws IOException {
        byte[] msg;
        if (reply == REPLY_SUCCEEDED) {
            byte[] name = digest.getBytes(StandardCharsets.US_ASCII);
            msg = new byte[7 + name.length];
            msg[3] = ATYP_DOMAIN;
            msg[4] = (byte) name.length;
            System.arraycopy(name, 0, msg, 5, name.length);
        } else {
            msg = new byte[10];
            msg[3] = 0x01;
        }
        msg[0] = VERSION;
        msg[1] = (byte) reply;
        out.write(msg);
        out.flush();
    }
}
