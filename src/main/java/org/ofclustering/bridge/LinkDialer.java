package org.ofclustering.bridge;

import org.ofclustering.membership.MemberInfo;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Opens links to other nodes' bridge endpoints: a JOIN link that becomes the far side of a
 * transfer, or a short ACTIVATE exchange. Every link starts with a signed {@link LinkHello}; the
 * other node answers one status byte (an {@link ActivationResult} code; 0 = accepted).
 */
final class LinkDialer {
    static final String[] TLS_PROTOCOLS = {"TLSv1.3"};

    private final String localNodeId;
    private final LinkAuthenticator authenticator;
    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration replyTimeout;

    LinkDialer(String localNodeId, LinkAuthenticator authenticator, SSLContext tls, Duration connectTimeout,
               Duration replyTimeout) {
        this.localNodeId = localNodeId;
        this.authenticator = authenticator;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.replyTimeout = replyTimeout;
    }

    /** A link refused by the other node, with its status code. */
    static final class LinkRefused extends IOException {
        final ActivationResult status;

        LinkRefused(String message, ActivationResult status) {
            super(message);
            this.status = status;
        }
    }

    /** Opens a JOIN link for {@code digest} to {@code owner}; returns it once the owner accepted it. */
    Leg join(MemberInfo owner, String digest) throws IOException {
        Socket socket = connect(owner);
        try {
            int status = exchange(socket, LinkHello.JOIN, digest);
            if (status != ActivationResult.ACTIVATED.code) {
                throw new LinkRefused("node " + owner.nodeId() + " refused the link: " + ActivationResult.ofCode(status),
                        ActivationResult.ofCode(status));
            }
            socket.setSoTimeout(0);
            return new Leg(socket, true);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks {@code owner} to activate {@code digest}. */
    ActivationResult activate(MemberInfo owner, String digest) throws IOException {
        try (Socket socket = connect(owner)) {
            return ActivationResult.ofCode(exchange(socket, LinkHello.ACTIVATE, digest));
        }
    }

    private int exchange(Socket socket, int type, String digest) throws IOException {
        socket.setSoTimeout((int) replyTimeout.toMillis());
        socket.getOutputStream().write(authenticator.sign(type, digest, localNodeId).encode());
        socket.getOutputStream().flush();
        int status = socket.getInputStream().read();
        if (status < 0) {
            throw new EOFException("the other node closed the link without an answer");
        }
        return status;
    }

    private Socket connect(MemberInfo owner) throws IOException {
        if (owner.bridgeHost() == null || owner.bridgePort() <= 0) {
            throw new IOException("node " + owner.nodeId() + " advertises no bridge endpoint");
        }
        Socket socket = tls == null ? SocketChannel.open().socket() : tls.getSocketFactory().createSocket();
        try {
            socket.setKeepAlive(true);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(owner.bridgeHost(), owner.bridgePort()), (int) connectTimeout.toMillis());
            if (socket instanceof SSLSocket ssl) {
                ssl.setEnabledProtocols(TLS_PROTOCOLS);
                ssl.setSoTimeout((int) connectTimeout.toMillis());
                ssl.startHandshake();
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
