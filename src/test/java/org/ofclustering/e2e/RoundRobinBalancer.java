package org.ofclustering.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on loopback in front of several nodes' ports, handing each new connection
 * to the next node in turn: the two SOCKS5 legs of one transfer, opened one after the other,
 * land on different nodes, as they may behind a real load balancer.
 */
final class RoundRobinBalancer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Integer> targets = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    RoundRobinBalancer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "balancer-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The loopback ports connections are spread over, in turn. */
    void setTargets(List<Integer> ports) {
        targets.clear();
        targets.addAll(ports);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (targets.isEmpty()) {
                    client.close();
                    continue;
                }
                int port = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[e2e] balancer connection failed: " + e.getMessage());
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side closed: the finally below closes the other, as a load balancer does
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "balancer-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
