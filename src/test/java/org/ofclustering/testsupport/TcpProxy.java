package org.ofclustering.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A loopback TCP forwarder placed between a client under test and a real service (Redis,
 * RabbitMQ), so that a test can cut every connection or refuse new ones without disturbing the
 * service that other tests share. Point the client at {@link #port()}.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final IntSupplier targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private volatile boolean closed;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this(targetHost, () -> targetPort);
    }

    /** A forwarder that asks {@code targetPort} for the port of each new connection (a load balancer). */
    public TcpProxy(String targetHost, IntSupplier targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every open connection through the proxy; new connections are still accepted. */
    public void cutConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** While refusing, new connections are closed at once (the service looks down). */
    public void setRefusing(boolean refusing) {
        this.refusing = refusing;
        if (refusing) {
            cutConnections();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(targetHost, targetPort.getAsInt()), 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("tcp proxy accept failed: " + e);
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketException e) {
                // the other direction or cutConnections() closed the socket: the normal end of a pipe
            } catch (IOException e) {
                System.err.println("tcp proxy pipe failed: " + e);
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket that is already broken: nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cutConnections();
    }
}
