package org.ofclustering.bridge;

import org.slf4j.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a refused connection at most once per peer address, so that a misbehaving or hostile client
 * cannot flood the log. The memory of peers is bounded; when full it starts over.
 */
final class PeerLog {
    private static final int MAX_PEERS = 4096;

    private final Logger log;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    PeerLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code message} (prefixed with the peer address) if nothing was logged for that peer yet. */
    void warnOnce(String peerAddress, String message) {
        if (seen.size() >= MAX_PEERS) {
            seen.clear();
        }
        if (seen.add(peerAddress)) {
            log.warn("{}: {} (further refusals of this peer are not logged)", peerAddress, message);
        } else {
            log.debug("{}: {}", peerAddress, message);
        }
    }
}
