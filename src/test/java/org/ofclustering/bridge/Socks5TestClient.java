package org.ofclustering.bridge;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal XEP-0065 SOCKS5 client for tests: greeting, CONNECT to the digest, read the reply. */
public final class Socks5TestClient {
    private Socks5TestClient() {
    }

    /** Connects and completes the handshake; fails unless the proxy answers "succeeded". */
    public static Socket connect(int port, String digest) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(30_000);
        int reply = handshake(s, digest);
        if (reply != 0) {
            s.close();
            throw new IOException("proxy answered SOCKS5 reply " + reply);
        }
        return s;
    }

    /** The reply code the proxy gives to a well-formed request for {@code digest} (-1 when it just closes). */
    static int replyCode(int port, String digest) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            return handshake(s, digest);
        }
    }

    static int handshake(Socket s, String digest) throws IOException {
        s.getOutputStream().write(new byte[]{5, 1, 0});
        DataInputStream in = new DataInputStream(s.getInputStream());
        int v = in.read();
        if (v < 0) {
            return -1;
        }
        int method = in.readUnsignedByte();
        if (v != 5 || method != 0) {
            throw new IOException("unexpected method selection " + v + "/" + method);
        }
        byte[] name = digest.getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[7 + name.length];
        req[0] = 5;
        req[1] = 1;
        req[3] = 3;
        req[4] = (byte) name.length;
        System.arraycopy(name, 0, req, 5, name.length);
        s.getOutputStream().write(req);
        return readReply(in);
    }

    /** Reads a SOCKS5 reply and returns its code, -1 when the connection closed before one. */
    static int readReply(DataInputStream in) throws IOException {
        int v = in.read();
        if (v < 0) {
            return -1;
        }
        int rep = in.readUnsignedByte();
        in.readUnsignedByte();
        int atyp = in.readUnsignedByte();
        int len = switch (atyp) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.readUnsignedByte();
            default -> throw new IOException("bad address type in reply " + atyp);
        };
        in.readFully(new byte[len + 2]);
        return rep;
    }

    /** Reads until end of stream; -1 when the peer closed, or throws on timeout. */
    static int readToEnd(Socket s) throws IOException {
        byte[] buf = new byte[8192];
        int total = 0;
        int n;
        try {
            while ((n = s.getInputStream().read(buf)) >= 0) {
                total += n;
            }
        } catch (EOFException e) {
            return total;
        }
        return total;
    }
}
