package org.ofclustering.bridge;

import org.ofclustering.config.Secret;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of one node's file-transfer bridge: the SOCKS5 proxy clients connect to and the
 * node-to-node link endpoint other nodes connect to when the two legs of a transfer landed on
 * different nodes.
 *
 * @param bindAddress        local address both listeners bind to ({@code 0.0.0.0} for every interface)
 * @param socksPort          SOCKS5 port clients connect to; 0 picks a free port
 * @param advertisedHosts    host names or addresses this node's proxy is reachable at, offered to clients as stream hosts
 * @param linkPort           port of the node-to-node link endpoint; 0 picks a free port
 * @param linkSecret         cluster-wide secret that authenticates links (HMAC-SHA256); null disables cross-node transfers
 * @param linkTls            TLS for links (server and client side, client certificates required), or null for plain TCP
 * @param handshakeTimeout   time a client or a peer node has to complete its whole SOCKS5 or link handshake
 *                           (TLS included), counted from the accepted connection; then it is closed
 * @param pairTimeout        time a leg waits for the other leg of its transfer before it is closed
 * @param activationTimeout  time a paired transfer waits for {@code activate} before it is closed
 * @param linkConnectTimeout TCP connect (and TLS handshake) timeout when opening a link to another node
 * @param linkAuthLifetime   validity of one link authentication (its expiry); replays are refused within it
 * @param closeGrace         after one direction of a transfer ended, how long the other direction may go on
 * @param idleTimeout        an active transfer that moves no byte in either direction for this long is closed
 * @param bufferSize         relay buffer per direction and transfer (the only per-transfer heap)
 * @param maxTransfers       transfers (including waiting legs) this node serves at once; more are refused
 * @param maxHandshakes      connections in handshake at once, per listener; more are closed at once
 */
public record BridgeSettings(String bindAddress, int socksPort, List<String> advertisedHosts, int linkPort,
                             Secret linkSecret, SSLContext linkTls, Duration handshakeTimeout, Duration pairTimeout,
                             Duration activationTimeout, Duration linkConnectTimeout, Duration linkAuthLifetime,
                             Duration closeGrace, Duration idleTimeout, int bufferSize, int maxTransfers, int maxHandshakes) {

    public static final int DEFAULT_SOCKS_PORT = 7777;
    public static final int DEFAULT_LINK_PORT = 7778;

    public BridgeSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        advertisedHosts = List.copyOf(advertisedHosts);
        requirePort("socksPort", socksPort);
        requirePort("linkPort", linkPort);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("pairTimeout", pairTimeout);
        requirePositive("activationTimeout", activationTimeout);
        requirePositive("linkConnectTimeout", linkConnectTimeout);
        requirePositive("linkAuthLifetime", linkAuthLifetime);
        requirePositive("closeGrace", closeGrace);
        requirePositive("idleTimeout", idleTimeout);
        if (bufferSize < 1024 || bufferSize > 1 << 20) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + " must be between 1024 and 1048576 bytes");
        }
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers " + maxTransfers + " must be at least 1");
        }
        if (maxHandshakes < 1) {
            throw new IllegalArgumentException("maxHandshakes " + maxHandshakes + " must be at least 1");
        }
    }

    /**
     * Defaults: all interfaces, ports 7777 (SOCKS5) and 7778 (link), no secret (same-node transfers only), no TLS.
     * A connection holds one of the 256 handshake threads of its listener for at most the 10 s handshake
     * deadline, so keeping them all busy takes more than 25 new stalling connections a second. An active
     * transfer moves bytes all the time (a slow receiver still takes in a buffer now and then), so five idle
     * minutes mean a peer that hung or vanished without a reset (a NAT or firewall dropped it): long enough
     * to ride out a network outage, and the transfer's slot is freed long before TCP keepalive (2 hours).
     */
    public static BridgeSettings defaults() {
        return new BridgeSettings("0.0.0.0", DEFAULT_SOCKS_PORT, List.of(), DEFAULT_LINK_PORT, null, null,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5), 64 * 1024, 128, 256);
    }

    public BridgeSettings withBind(String address, int socks, int link) {
        return new BridgeSettings(address, socks, advertisedHosts, link, linkSecret, linkTls, handshakeTimeout,
                pairTimeout, activationTimeout, linkConnectTimeout, linkAuthLifetime, closeGrace, idleTimeout, bufferSize,
                maxTransfers, maxHandshakes);
    }

    public BridgeSettings withAdvertisedHosts(List<String> hosts) {
        return new BridgeSettings(bindAddress, socksPort, hosts, linkPort, linkSecret, linkTls, handshakeTimeout,
                pairTimeout, activationTimeout, linkConnectTimeout, linkAuthLifetime, closeGrace, idleTimeout, bufferSize,
                maxTransfers, maxHandshakes);
    }

    public BridgeSettings withLinkSecurity(Secret secret, SSLContext tls) {
        return new BridgeSettings(bindAddress, socksPort, advertisedHosts, linkPort, secret, tls, handshakeTimeout,
                pairTimeout, activationTimeout, linkConnectTimeout, linkAuthLifetime, closeGrace, idleTimeout, bufferSize,
                maxTransfers, maxHandshakes);
    }

    public BridgeSettings withTimeouts(Duration handshake, Duration pair, Duration activation) {
        return new BridgeSettings(bindAddress, socksPort, advertisedHosts, linkPort, linkSecret, linkTls, handshake,
                pair, activation, linkConnectTimeout, linkAuthLifetime, closeGrace, idleTimeout, bufferSize, maxTransfers,
                maxHandshakes);
    }

    public BridgeSettings withIdleTimeout(Duration idle) {
        return new BridgeSettings(bindAddress, socksPort, advertisedHosts, linkPort, linkSecret, linkTls,
                handshakeTimeout, pairTimeout, activationTimeout, linkConnectTimeout, linkAuthLifetime, closeGrace,
                idle, bufferSize, maxTransfers, maxHandshakes);
    }

    public BridgeSettings withLimits(int buffer, int transfers, int handshakes) {
        return new BridgeSettings(bindAddress, socksPort, advertisedHosts, linkPort, linkSecret, linkTls,
                handshakeTimeout, pairTimeout, activationTimeout, linkConnectTimeout, linkAuthLifetime, closeGrace,
                idleTimeout, buffer, transfers, handshakes);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " must be between 0 and 65535");
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " must be positive");
        }
    }
}
