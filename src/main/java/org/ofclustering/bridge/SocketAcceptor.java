package org.ofclustering.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Accepts connections on one listening socket and hands each to a bounded executor; a connection
 * the executor cannot take is closed at once (the peer may retry).
 */
final class SocketAcceptor implements Runnable {
    private static final Logger Log = LoggerFactory.getLogger(SocketAcceptor.class);

    private final String name;
    private final ServerSocket server;
    private final ExecutorService handshakes;
    private final Consumer<Socket> handler;
    private final PeerLog peerLog;
    private final Thread thread;

    SocketAcceptor(String name, ServerSocket server, ExecutorService handshakes, Consumer<Socket> handler, PeerLog peerLog) {
        this.name = name;
        this.server = server;
        this.handshakes = handshakes;
        this.handler = handler;
        this.peerLog = peerLog;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void run() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    Log.warn("{}: accepting a connection failed: {}", name, e.toString());
                }
                continue;
            }
            try {
                handshakes.execute(() -> handler.accept(socket));
            } catch (RejectedExecutionException e) {
                peerLog.warnOnce(String.valueOf(socket.getInetAddress()), name + ": too many connections in handshake, closed");
                try {
                    socket.close();
                } catch (IOException ce) {
                    Log.debug("Closing a refused connection failed: {}", ce.toString());
                }
            }
        }
    }

    void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            Log.warn("{}: closing the listening socket failed: {}", name, e.toString());
        }
        thread.join(5000);
    }
}
