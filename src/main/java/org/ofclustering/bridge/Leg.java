package org.ofclustering.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;

/** One connected end of a transfer: a client's SOCKS5 connection or a link to another node. */
final class Leg {
    private static final Logger Log = LoggerFactory.getLogger(Leg.class);

    final Socket socket;
    final String peer;
    final boolean link;
    /** The socket's channel for plain TCP (relayed through direct buffers), null for TLS. */
    final SocketChannel channel;
    final InputStream in;
    final OutputStream out;

    Leg(Socket socket, boolean link) throws IOException {
        this.socket = socket;
        this.peer = socket.getRemoteSocketAddress() == null ? "?" : socket.getRemoteSocketAddress().toString();
        this.link = link;
        this.channel = socket instanceof SSLSocket ? null : socket.getChannel();
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Tells the peer no more bytes will come (half close), so a receiver sees the end of the stream. */
    void shutdownOutput() {
        try {
            if (socket instanceof SSLSocket) {
                // TLS 1.3 sends close_notify and keeps the other direction open.
                socket.shutdownOutput();
            } else if (!socket.isOutputShutdown() && !socket.isClosed()) {
                socket.shutdownOutput();
            }
        } catch (IOException | UnsupportedOperationException e) {
            Log.debug("Half close of {} failed, closing it: {}", peer, e.toString());
            close();
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            Log.debug("Closing {} failed: {}", peer, e.toString());
        }
    }
}
