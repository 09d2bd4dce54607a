package org.ofclustering.e2e;

import org.ofclustering.testsupport.TcpProxy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on loopback in front of several nodes' ports, handing each new connection
 * to the next node in turn: the two SOCKS5 legs of one transfer, opened one after the other,
 * land on different nodes, as they may behind a real load balancer.
 */
public final class RoundRobinBalancer implements AutoCloseable {
    private final List<Integer> targets = new CopyOnWriteArrayList<>();
    private final List<Integer> routed = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final TcpProxy forwarder;

    public RoundRobinBalancer() throws IOException {
        forwarder = new TcpProxy("127.0.0.1", this::nextTarget);
    }

    private int nextTarget() {
        if (targets.isEmpty()) {
            return 0; // nothing to balance over yet: the connection is refused
        }
        int port = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
        routed.add(port);
        return port;
    }

    public int port() {
        return forwarder.port();
    }

    /** The loopback ports connections are spread over, in turn. */
    public void setTargets(List<Integer> ports) {
        targets.clear();
        targets.addAll(ports);
    }

    /** Moves the turn on by one, so that the next connections start at the following node. */
    public void shift() {
        next.incrementAndGet();
    }

    /** The target port of every connection so far, in order. */
    public List<Integer> routed() {
        return List.copyOf(routed);
    }

    @Override
    public void close() throws IOException {
        forwarder.close();
    }
}
