package org.ofclustering.bridge;

import org.ofclustering.config.SettingTypes;
import org.ofclustering.membership.ClusterView;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster-aware XEP-0065 SOCKS5 proxy of one node. Clients connect to its SOCKS5 port with the
 * transfer digest as address. Two legs on this node are paired here. When the legs land on
 * different nodes, the node holding the second leg learns from the Redis claim which node holds the
 * first, opens an authenticated link to that node's link endpoint and relays between its client and
 * the link; bytes flow node to node, never through Redis or RabbitMQ. {@link #activate} may be called
 * on any node: it acts locally or forwards the request over a link to the node holding the first leg.
 *
 * <p>Threads: one acceptor per listening socket, a bounded handshake pool for each (every handshake
 * ends within {@link BridgeSettings#handshakeTimeout()}, see {@link HandshakeDeadline}), and one relay
 * thread per admitted leg (so at most two per transfer, bounded by
 * {@link BridgeSettings#maxTransfers()}), each with a fixed buffer, blocking writes giving
 * backpressure. The transfers themselves live in a {@link TransferTable}; active ones that stay idle
 * for {@link BridgeSettings#idleTimeout()} are closed.
 */
public final class FileTransferBridge implements TransferActivator, AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(FileTransferBridge.class);

    private final BridgeSettings settings;
    private final ClusterView view;
    private final String nodeId;
    private final TransferClaims claims;
    private final LinkAuthenticator authenticator;
    private final LinkDialer dialer;
    private final PeerLog peerLog = new PeerLog(Log);
    /** Prefix of every thread of this bridge: {@code bridge-<node id>-}. */
    private final String threads;
    private final SecureRandom random = new SecureRandom();
    private final TransferTable table;
    private final ThreadPoolExecutor handshakes;
    private final ThreadPoolExecutor linkHandshakes;
    private final ThreadPoolExecutor relays;
    private final ScheduledThreadPoolExecutor timers;
    private final MembershipListener membershipListener;

    private final LongAdder linksOpened = new LongAdder();
    private final LongAdder linkRefusals = new LongAdder();
    private final LongAdder clientRefusals = new LongAdder();

    private SocketAcceptor socksAcceptor;
    private SocketAcceptor linkAcceptor;
    private volatile boolean closed;

    /**
     * @param settings this node's bridge settings
     * @param view     cluster membership (local node id, other nodes' bridge endpoints)
     * @param redis    the node's Redis connection for transfer claims, or null for a node that only
     *                 pairs legs locally
     * @param keys     the cluster's key space (ignored when {@code redis} is null)
     */
    public FileTransferBridge(BridgeSettings settings, ClusterView view, RedisConnector redis, KeySpace keys) {
        this.settings = settings;
        this.view = view;
        this.nodeId = view.localNodeId();
        this.threads = "bridge-" + nodeId + "-";
        if (nodeId.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("node id longer than 255 bytes cannot be used on bridge links");
        }
        Duration claimTtl = settings.pairTimeout().plus(settings.activationTimeout()).plus(settings.handshakeTimeout())
                .plusSeconds(10);
        this.claims = redis == null ? null : new TransferClaims(redis, keys, claimTtl);
        if (settings.linkSecret() != null) {
            this.authenticator = new LinkAuthenticator(settings.linkSecret(), settings.linkAuthLifetime(), Clock.systemUTC());
            this.dialer = new LinkDialer(nodeId, authenticator, settings.linkTls(), settings.linkConnectTimeout(),
                    settings.handshakeTimeout());
        } else {
            this.authenticator = null;
            this.dialer = null;
        }
        this.handshakes = pool(threads + "handshake", settings.maxHandshakes());
        // A pool of its own, so that a flood of SOCKS5 connections cannot starve links between nodes.
        this.linkHandshakes = pool(threads + "link-handshake", settings.maxHandshakes());
        // One relay thread per leg, two legs per transfer; a little slack for threads still finishing.
        this.relays = pool(threads + "relay", 2 * settings.maxTransfers() + 8);
        this.timers = new ScheduledThreadPoolExecutor(1, daemonThreads(threads + "timer"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.table = new TransferTable(settings, claims, relays, timers);
        this.membershipListener = new MembershipListener() {
            @Override
            public void memberLeft(MemberInfo member, boolean crashed) {
                table.closeLinkedTo(member.nodeId(), crashed ? "node crashed" : "node left");
            }
        };
    }

    /** Binds the SOCKS5 port and, when a link secret is set, the link port, and starts accepting. */
    public void start() throws IOException {
        InetAddress bind = InetAddress.getByName(settings.bindAddress());
        ServerSocket socks = listen(ServerSocketChannel.open().socket(), bind, settings.socksPort());
        socksAcceptor = new SocketAcceptor(threads + "socks-accept", socks, handshakes, this::handleClient, peerLog);
        if (authenticator != null) {
            // Plain TCP even with TLS: TLS is layered on each accepted socket, so that the handshake
            // deadline can close the TCP socket under a TLS handshake that is still going on.
            ServerSocket link = ServerSocketChannel.open().socket();
            try {
                listen(link, bind, settings.linkPort());
            } catch (IOException e) {
                socks.close();
                throw e;
            }
            linkAcceptor = new SocketAcceptor(threads + "link-accept", link, linkHandshakes, this::handleLink, peerLog);
            linkAcceptor.start();
        }
        view.addListener(membershipListener);
        long sweep = Math.max(50, Math.min(10_000, settings.idleTimeout().toMillis() / 10));
        timers.scheduleWithFixedDelay(this::closeIdleTransfers, sweep, sweep, TimeUnit.MILLISECONDS);
        socksAcceptor.start();
        Log.info("File-transfer bridge of node {} listening: SOCKS5 on {}:{}, link {}", nodeId, settings.bindAddress(),
                socksPort(), linkAcceptor == null ? "disabled (no link secret)" : "on port " + linkPort()
                        + (settings.linkTls() == null ? "" : " (TLS)"));
    }

    private void closeIdleTransfers() {
        try {
            table.closeIdle();
        } catch (RuntimeException e) {
            // Logged and survived: an exception would end the periodic check for good.
            Log.error("Closing idle transfers failed", e);
        }
    }

    private static ServerSocket listen(ServerSocket server, InetAddress bind, int port) throws IOException {
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(bind, port), 128);
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + bind.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound SOCKS5 port (useful when the settings asked for port 0). */
    public int socksPort() {
        return socksAcceptor == null ? -1 : socksAcceptor.port();
    }

    /** The bound link port, or -1 when links are disabled. Membership publishes it as {@code bridgePort}. */
    public int linkPort() {
        return linkAcceptor == null ? -1 : linkAcceptor.port();
    }

    // ---------------------------------------------------------------- SOCKS5 legs

    private void handleClient(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        HandshakeDeadline deadline = new HandshakeDeadline(socket, settings.handshakeTimeout(), timers);
        Leg leg = null;
        String digest = null;
        IOException failure = null;
        try {
            leg = new Leg(socket, false);
            digest = Socks5Handshake.readDigest(deadline.guard(leg.in), leg.out);
        } catch (IOException e) {
            failure = e;
        }
        if (!deadline.stop()) {
            refuseClient(socket, peer, -1, timedOut("SOCKS5 handshake"));
            return;
        }
        if (failure instanceof Socks5Handshake.Refusal r) {
            refuseClient(socket, peer, r.reply, "SOCKS5 request refused: " + r.getMessage());
            return;
        }
        if (failure != null) {
            refuseClient(socket, peer, -1, "SOCKS5 handshake failed: " + failure);
            return;
        }
        try {
            admit(leg, peer, digest);
        } catch (RuntimeException e) {
            Log.error("Admitting a SOCKS5 leg for transfer {} failed", digest, e);
            leg.close();
        }
    }

    private void refuseClient(Socket socket, String peer, int reply, String why) {
        clientRefusals.increment();
        peerLog.warnOnce(peer, why);
        try (socket) {
            if (reply >= 0) {
                Socks5Handshake.writeReply(socket.getOutputStream(), reply, null);
            }
        } catch (IOException e) {
            Log.debug("{}: could not send the SOCKS5 refusal: {}", peer, e.toString());
        }
    }

    private void admit(Leg leg, String peer, String digest) {
        Transfer[] holder = new Transfer[1];
        switch (table.admit(digest, leg, newToken(), holder)) {
            case CREATED -> registerFirstOrRelay(holder[0], leg, peer);
            case FULL -> refuseClient(leg.socket, peer, Socks5Handshake.REPLY_GENERAL_FAILURE,
                    "transfer limit of " + settings.maxTransfers() + " reached");
            case THIRD_LEG -> refuseClient(leg.socket, peer, Socks5Handshake.REPLY_NOT_ALLOWED,
                    "a third connection for transfer " + digest);
            case PAIRED -> {
                Log.debug("Transfer {}: both legs on this node", digest);
                // Records the second leg before answering, so that a third connection on another
                // node is refused from the moment the pair is complete.
                claimQuietly(holder[0]);
                if (replySuccess(holder[0], leg)) {
                    table.startPump(holder[0], leg);
                }
            }
        }
    }

    /** A new transfer's leg: claim the digest, then wait for the other leg or relay to its owner. */
    private void registerFirstOrRelay(Transfer transfer, Leg leg, String peer) {
        TransferClaims.Claim claim = claimQuietly(transfer);
        if (claim != null && claim.kind() == TransferClaims.Kind.SECOND && claim.owner().equals(nodeId)) {
            // Left behind by an earlier leg of ours that already ended: this node holds nothing for it.
            Log.debug("Transfer {}: discarding a stale claim of this node", transfer.digest);
            claims.release(transfer.digest, transfer.legToken);
            claim = claimQuietly(transfer);
        }
        if (claim == null || claim.kind() == TransferClaims.Kind.FIRST) {
            if (table.markWaiting(transfer) && replySuccess(transfer, leg)) {
                table.startPump(transfer, leg);
            }
            return;
        }
        if (claim.kind() == TransferClaims.Kind.TAKEN) {
            table.forget(transfer);
            refuseClient(leg.socket, peer, Socks5Handshake.REPLY_NOT_ALLOWED, "a third connection for transfer " + transfer.digest);
            return;
        }
        relayToOwner(transfer, leg, peer, claim.owner());
    }

    private void relayToOwner(Transfer transfer, Leg leg, String peer, String owner) {
        Optional<MemberInfo> member = view.member(owner);
        Leg link;
        try {
            if (member.isEmpty()) {
                throw new IOException("node " + owner + " is not a cluster member");
            }
            if (dialer == null) {
                throw new IOException("cross-node transfers need a link secret");
            }
            link = dialer.join(member.get(), transfer.digest);
        } catch (LinkDialer.LinkRefused e) {
            table.forget(transfer);
            if (e.status == ActivationResult.NOT_READY) {
                // The owner holds both legs already: this is a third connection. The claim stays
                // the owner's (it deletes it when its transfer ends).
                refuseClient(leg.socket, peer, Socks5Handshake.REPLY_NOT_ALLOWED,
                        "a third connection for transfer " + transfer.digest);
            } else {
                claims.release(transfer.digest, transfer.legToken);
                refuseClient(leg.socket, peer, Socks5Handshake.REPLY_HOST_UNREACHABLE,
                        "other leg unknown to node " + owner + " (" + e.status + ")");
            }
            return;
        } catch (IOException e) {
            Log.warn("Transfer {}: cannot reach the node holding the other leg ({}): {}", transfer.digest, owner, e.getMessage());
            table.forget(transfer);
            claims.release(transfer.digest, transfer.legToken);
            refuseClient(leg.socket, peer, Socks5Handshake.REPLY_HOST_UNREACHABLE, "other leg unreachable");
            return;
        }
        linksOpened.increment();
        if (!table.becomeRelay(transfer, link, owner)) {
            link.close();
            return;
        }
        Log.debug("Transfer {}: relaying to node {}", transfer.digest, owner);
        if (replySuccess(transfer, leg) && table.startPump(transfer, link)) {
            table.startPump(transfer, leg);
        }
    }

    private TransferClaims.Claim claimQuietly(Transfer transfer) {
        if (claims == null) {
            return null;
        }
        try {
            TransferClaims.Claim claim = claims.claim(transfer.digest, nodeId, transfer.legToken);
            table.markClaimed(transfer);
            return claim;
        } catch (RuntimeException e) {
            Log.warn("Transfer {}: Redis claim failed, legs pair on this node only: {}", transfer.digest, e.toString());
            return null;
        }
    }

    private boolean replySuccess(Transfer transfer, Leg leg) {
        try {
            Socks5Handshake.writeReply(leg.out, Socks5Handshake.REPLY_SUCCEEDED, transfer.digest);
            return true;
        } catch (IOException e) {
            table.close(transfer, "client gone before the SOCKS5 reply: " + e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- links from other nodes

    private void handleLink(Socket tcp) {
        String peer = tcp.getInetAddress().getHostAddress();
        HandshakeDeadline deadline = new HandshakeDeadline(tcp, settings.handshakeTimeout(), timers);
        Socket socket;
        try {
            socket = settings.linkTls() == null ? tcp
                    : LinkTls.acceptedSide(settings.linkTls(), tcp, LinkDialer.TLS_PROTOCOLS);
        } catch (IOException e) {
            deadline.stop();
            refuseLink(tcp, peer, "cannot start TLS on the link: " + e.getMessage());
            return;
        }
        LinkHello hello = null;
        IOException failure = null;
        try {
            if (socket instanceof SSLSocket ssl) {
                deadline.beforeRead();
                ssl.startHandshake();
            }
            hello = LinkHello.read(deadline.guard(socket.getInputStream()));
        } catch (IOException e) {
            failure = e;
        }
        if (!deadline.stop()) {
            // The TCP socket, not TLS: a TLS close would try to write an alert to a peer that may not read.
            refuseLink(tcp, peer, timedOut(socket == tcp ? "link handshake" : "link handshake (TLS and hello)"));
            return;
        }
        if (failure != null) {
            refuseLink(socket, peer, "link handshake failed: " + failure.getMessage());
            return;
        }
        LinkAuthenticator.Verdict verdict = authenticator.verify(hello);
        if (verdict != LinkAuthenticator.Verdict.ACCEPTED) {
            refuseLink(socket, peer, "link authentication failed (" + verdict + ") for claimed node " + printable(hello.nodeId()));
            return;
        }
        if (!view.isMember(hello.nodeId())) {
            refuseLink(socket, peer, "link from node " + printable(hello.nodeId()) + ", which is not a cluster member");
            return;
        }
        try {
            if (hello.type() == LinkHello.ACTIVATE) {
                ActivationResult result = table.activateIfHeld(hello.digest());
                try (socket) {
                    socket.getOutputStream().write((result == null ? ActivationResult.UNKNOWN : result).code);
                    socket.getOutputStream().flush();
                }
                return;
            }
            socket.setKeepAlive(true);
            acceptJoin(new Leg(socket, true), hello);
        } catch (IOException e) {
            Log.info("Link from node {} ({}) failed: {}", hello.nodeId(), peer, e.getMessage());
            closeSocket(socket);
        }
    }

    private void acceptJoin(Leg link, LinkHello hello) throws IOException {
        ActivationResult[] status = new ActivationResult[1];
        Transfer transfer = table.attachLink(hello.digest(), link, hello.nodeId(), status);
        if (transfer == null) {
            Log.info("Link from node {} for transfer {} refused: {}", hello.nodeId(), hello.digest(), status[0]);
            try (Socket s = link.socket) {
                s.getOutputStream().write(status[0].code);
            }
            return;
        }
        linksOpened.increment();
        try {
            link.out.write(ActivationResult.ACTIVATED.code);
            link.out.flush();
        } catch (IOException e) {
            table.close(transfer, "link from node " + hello.nodeId() + " lost: " + e.getMessage());
            return;
        }
        table.startPump(transfer, link);
        Log.debug("Transfer {}: second leg is on node {}", hello.digest(), hello.nodeId());
    }

    private String timedOut(String handshake) {
        return handshake + " not completed within " + SettingTypes.format(settings.handshakeTimeout()) + ", closed";
    }

    private void refuseLink(Socket socket, String peer, String why) {
        linkRefusals.increment();
        peerLog.warnOnce(peer, why);
        closeSocket(socket);
    }

    // ---------------------------------------------------------------- activation

    /**
     * Activates the transfer with this digest wherever its legs are: here, or on the node holding
     * its first leg (found through this node's relay or the Redis claim), asked over a link.
     */
    @Override
    public ActivationResult activate(String digest) {
        if (!TransferDigest.isValid(digest)) {
            return ActivationResult.UNKNOWN;
        }
        String key = TransferDigest.normalize(digest);
        ActivationResult here = table.activateIfHeld(key);
        if (here != null) {
            return here;
        }
        String owner = table.relayedTo(key);
        if (owner == null) {
            if (claims == null) {
                return ActivationResult.UNKNOWN;
            }
            try {
                owner = claims.owner(key);
            } catch (RuntimeException e) {
                Log.warn("Activation of transfer {}: Redis lookup failed: {}", key, e.toString());
                return ActivationResult.FAILED;
            }
            if (owner == null || owner.equals(nodeId)) {
                return ActivationResult.UNKNOWN;
            }
        }
        Optional<MemberInfo> member = view.member(owner);
        if (member.isEmpty()) {
            return ActivationResult.UNKNOWN;
        }
        if (dialer == null) {
            Log.warn("Activation of transfer {} held by node {} needs a link secret", key, owner);
            return ActivationResult.FAILED;
        }
        try {
            ActivationResult result = dialer.activate(member.get(), key);
            Log.debug("Transfer {}: activation forwarded to node {}: {}", key, owner, result);
            return result;
        } catch (IOException e) {
            Log.warn("Activation of transfer {}: node {} could not be asked: {}", key, owner, e.getMessage());
            return ActivationResult.FAILED;
        }
    }

    // ---------------------------------------------------------------- status and lifecycle

    /** A snapshot for the admin console. */
    public BridgeStatus status() {
        List<TransferStatus> list = table.snapshot();
        int waiting = 0;
        int paired = 0;
        int active = 0;
        int links = 0;
        for (TransferStatus t : list) {
            switch (Transfer.State.valueOf(t.state())) {
                case CLAIMING, WAITING -> waiting++;
                case PAIRED -> paired++;
                case ACTIVE -> active++;
                default -> { }
            }
            if (t.remoteNode() != null) {
                links++;
            }
        }
        return new BridgeStatus(nodeId, socksPort(), linkPort(), waiting, paired, active, links, table.bytesMoved(),
                table.transfersCompleted(), linksOpened.sum(), linkRefusals.sum(), clientRefusals.sum(), list);
    }

    /** Stops listening, closes every transfer (releasing its claim) and stops every thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        view.removeListener(membershipListener);
        try {
            if (socksAcceptor != null) {
                socksAcceptor.close();
            }
            if (linkAcceptor != null) {
                linkAcceptor.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        table.closeAll();
        if (claims != null) {
            claims.awaitReleases(Duration.ofSeconds(3));
        }
        handshakes.shutdownNow();
        linkHandshakes.shutdownNow();
        relays.shutdownNow();
        timers.shutdownNow();
        try {
            handshakes.awaitTermination(5, TimeUnit.SECONDS);
            linkHandshakes.awaitTermination(5, TimeUnit.SECONDS);
            relays.awaitTermination(5, TimeUnit.SECONDS);
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.info("File-transfer bridge of node {} stopped", nodeId);
    }

    private String newToken() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** An unauthenticated node id made safe for one log line. */
    private static String printable(String untrusted) {
        StringBuilder b = new StringBuilder();
        untrusted.codePoints().limit(64).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    private static void closeSocket(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            Log.debug("Closing a link socket failed: {}", e.toString());
        }
    }

    private static ThreadPoolExecutor pool(String name, int max) {
        return new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads(name));
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
