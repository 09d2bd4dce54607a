package org.ofclustering.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports in a fixed range below the ephemeral ports, for a private server that must
 * come back on the same port after a restart (an ephemeral port could meanwhile be taken by an
 * outgoing connection).
 */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port in {@code [first, first + count)} that nothing listens on right now, picked at random. */
    public static int freeIn(int first, int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = first + ThreadLocalRandom.current().nextInt(count);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException taken) {
                // in use by another test: try another candidate
            }
        }
        throw new IOException("no free port in " + first + "-" + (first + count - 1));
    }
}
