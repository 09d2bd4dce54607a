package org.ofclustering.bridge;

import org.ofclustering.membership.ClusterView;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLServerSocket;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster-aware XEP-0065 SOCKS5 proxy of one node. Clients connect to its SOCKS5 port with the
 * transfer digest as address. Two legs on this node are paired here. When the legs land on
 * different nodes, the node holding the second leg learns from the Redis claim which node holds the
 * first, opens an authenticated link to that node's link endpoint and relays between its client and
 * the link; bytes flow node to node, never through Redis or RabbitMQ. {@link #activate} may be called
 * on any node: it acts locally or forwards the request over a link to the node holding the first leg.
 *
 * <p>Threads: one acceptor per listening socket, a bounded pool for handshakes, and two relay
 * threads per active transfer (one per direction, bounded by {@link BridgeSettings#maxTransfers()}),
 * each with a fixed buffer, blocking writes giving backpressure.
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
    private final DirectBufferPool buffers;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private final Map<String, Transfer> transfers = new HashMap<>();
    private final ThreadPoolExecutor handshakes;
    private final ThreadPoolExecutor relays;
    private final ScheduledThreadPoolExecutor timers;
    private final MembershipListener membershipListener;

    private final LongAdder bytesMoved = new LongAdder();
    private final LongAdder transfersCompleted = new LongAdder();
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
        this.buffers = new DirectBufferPool(settings.bufferSize(), 2 * settings.maxTransfers());
        this.handshakes = pool("bridge-handshake", settings.maxHandshakes());
        this.relays = pool("bridge-relay", 2 * settings.maxTransfers());
        this.timers = new ScheduledThreadPoolExecutor(1, daemonThreads("bridge-timer"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.membershipListener = new MembershipListener() {
            @Override
            public void memberLeft(MemberInfo member, boolean crashed) {
                closeTransfersWith(member.nodeId(), crashed ? "node crashed" : "node left");
            }
        };
    }

    /** Binds the SOCKS5 port and, when a link secret is set, the link port, and starts accepting. */
    public void start() throws IOException {
        InetAddress bind = InetAddress.getByName(settings.bindAddress());
        ServerSocket socks = listen(ServerSocketChannel.open().socket(), bind, settings.socksPort());
        socksAcceptor = new SocketAcceptor("bridge-socks-accept", socks, handshakes, this::handleClient, peerLog);
        if (authenticator != null) {
            ServerSocket link;
            if (settings.linkTls() != null) {
                SSLServerSocket ssl = (SSLServerSocket) settings.linkTls().getServerSocketFactory().createServerSocket();
                ssl.setNeedClientAuth(true);
                ssl.setEnabledProtocols(LinkDialer.TLS_PROTOCOLS);
                link = ssl;
            } else {
                link = ServerSocketChannel.open().socket();
            }
            try {
                listen(link, bind, settings.linkPort());
            } catch (IOException e) {
                socks.close();
                throw e;
            }
            linkAcceptor = new SocketAcceptor("bridge-link-accept", link, handshakes, this::handleLink, peerLog);
            linkAcceptor.start();
        }
        view.addListener(membershipListener);
        socksAcceptor.start();
        Log.info("File-transfer bridge of node {} listening: SOCKS5 on {}:{}, link {}", nodeId, settings.bindAddress(),
                socksPort(), linkAcceptor == null ? "disabled (no link secret)" : "on port " + linkPort()
                        + (settings.linkTls() == null ? "" : " (TLS)"));
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
        Leg leg;
        String digest;
        try {
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            leg = new Leg(socket, false);
            digest = Socks5Handshake.readDigest(leg.in, leg.out);
            socket.setSoTimeout(0);
        } catch (Socks5Handshake.Refusal r) {
            refuseClient(socket, peer, r.reply, "SOCKS5 request refused: " + r.getMessage());
            return;
        } catch (IOException e) {
            refuseClient(socket, peer, -1, "SOCKS5 handshake failed: " + e);
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
        Transfer paired = null;
        Transfer created = null;
        boolean full = false;
        synchronized (lock) {
            Transfer existing = transfers.get(digest);
            if (existing != null) {
                if (existing.state == Transfer.State.WAITING && existing.role == Transfer.Role.LOCAL && existing.second == null) {
                    existing.second = leg;
                    existing.state = Transfer.State.PAIRED;
                    armDeadline(existing, settings.activationTimeout(), "not activated");
                    paired = existing;
                }
            } else if (transfers.size() >= settings.maxTransfers()) {
                full = true;
            } else {
                created = new Transfer(digest, newToken());
                created.first = leg;
                transfers.put(digest, created);
                armDeadline(created, settings.pairTimeout(), "other leg did not connect");
            }
        }
        if (created != null) {
            registerFirstOrRelay(created, leg, peer);
        } else if (full) {
            refuseClient(leg.socket, peer, Socks5Handshake.REPLY_GENERAL_FAILURE,
                    "transfer limit of " + settings.maxTransfers() + " reached");
        } else if (paired == null) {
            refuseClient(leg.socket, peer, Socks5Handshake.REPLY_NOT_ALLOWED, "a third connection for transfer " + digest);
        } else {
            Log.debug("Transfer {}: both legs on this node", digest);
            if (replySuccess(paired, leg) && startPump(paired, leg) && claims != null) {
                // Records the second leg so that a third connection on another node is refused.
                claimQuietly(paired);
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
            synchronized (lock) {
                if (transfer.state == Transfer.State.CLOSED) {
                    return; // timed out or bridge stopped meanwhile
                }
                if (transfer.state == Transfer.State.CLAIMING) {
                    transfer.state = Transfer.State.WAITING;
                } // else a link from the second leg's node attached already (PAIRED)
            }
            if (replySuccess(transfer, leg)) {
                startPump(transfer, leg);
            }
            return;
        }
        if (claim.kind() == TransferClaims.Kind.TAKEN) {
            forget(transfer);
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
        } catch (IOException e) {
            Log.warn("Transfer {}: cannot reach the node holding the other leg ({}): {}", transfer.digest, owner, e.getMessage());
            forget(transfer);
            claims.release(transfer.digest, transfer.legToken);
            refuseClient(leg.socket, peer, Socks5Handshake.REPLY_HOST_UNREACHABLE, "other leg unreachable");
            return;
        }
        linksOpened.increment();
        synchronized (lock) {
            if (transfer.state != Transfer.State.CLAIMING) {
                link.close();
                return;
            }
            transfer.role = Transfer.Role.RELAY;
            transfer.remoteNode = owner;
            transfer.first = link;
            transfer.second = leg;
            transfer.state = Transfer.State.ACTIVE;
            transfer.released.countDown();
            cancelDeadline(transfer);
        }
        Log.debug("Transfer {}: relaying to node {}", transfer.digest, owner);
        if (replySuccess(transfer, leg) && startPump(transfer, link)) {
            startPump(transfer, leg);
        }
    }

    private TransferClaims.Claim claimQuietly(Transfer transfer) {
        if (claims == null) {
            return null;
        }
        try {
            TransferClaims.Claim claim = claims.claim(transfer.digest, nodeId, transfer.legToken);
            synchronized (lock) {
                transfer.claimed = true;
            }
            return claim;
        } catch (RuntimeException e) {
            Log.warn("Transfer {}: Redis claim failed, pairing on this node only: {}", transfer.digest, e.toString());
            return null;
        }
    }

    private boolean replySuccess(Transfer transfer, Leg leg) {
        try {
            Socks5Handshake.writeReply(leg.out, Socks5Handshake.REPLY_SUCCEEDED, transfer.digest);
            return true;
        } catch (IOException e) {
            closeTransfer(transfer, "client gone before the SOCKS5 reply: " + e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- links from other nodes

    private void handleLink(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        LinkHello hello;
        try {
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            hello = LinkHello.read(socket.getInputStream());
        } catch (IOException e) {
            refuseLink(socket, peer, "link handshake failed: " + e.getMessage());
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
                ActivationResult result = activateHere(hello.digest());
                try (socket) {
                    socket.getOutputStream().write(result.code);
                    socket.getOutputStream().flush();
                }
                return;
            }
            socket.setSoTimeout(0);
            socket.setKeepAlive(true);
            acceptJoin(new Leg(socket, true), hello);
        } catch (IOException e) {
            Log.info("Link from node {} ({}) failed: {}", hello.nodeId(), peer, e.getMessage());
            closeSocket(socket);
        }
    }

    private void acceptJoin(Leg link, LinkHello hello) throws IOException {
        ActivationResult status;
        Transfer transfer;
        synchronized (lock) {
            transfer = transfers.get(hello.digest());
            if (transfer == null) {
                status = ActivationResult.UNKNOWN;
            } else if ((transfer.state == Transfer.State.WAITING || transfer.state == Transfer.State.CLAIMING)
                    && transfer.role == Transfer.Role.LOCAL && transfer.second == null) {
                transfer.second = link;
                transfer.role = Transfer.Role.OWNER;
                transfer.remoteNode = hello.nodeId();
                transfer.state = Transfer.State.PAIRED;
                armDeadline(transfer, settings.activationTimeout(), "not activated");
                status = ActivationResult.ACTIVATED;
            } else {
                status = ActivationResult.NOT_READY;
            }
        }
        if (status != ActivationResult.ACTIVATED) {
            Log.info("Link from node {} for transfer {} refused: {}", hello.nodeId(), hello.digest(), status);
            try (Socket s = link.socket) {
                s.getOutputStream().write(status.code);
            }
            return;
        }
        linksOpened.increment();
        try {
            link.out.write(ActivationResult.ACTIVATED.code);
            link.out.flush();
        } catch (IOException e) {
            closeTransfer(transfer, "link from node " + hello.nodeId() + " lost: " + e.getMessage());
            return;
        }
        startPump(transfer, link);
        Log.debug("Transfer {}: second leg is on node {}", hello.digest(), hello.nodeId());
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
        String owner = null;
        synchronized (lock) {
            Transfer transfer = transfers.get(key);
            if (transfer != null && transfer.role != Transfer.Role.RELAY) {
                return activateHere(key);
            }
            if (transfer != null) {
                owner = transfer.remoteNode;
            }
        }
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

    private ActivationResult activateHere(String digest) {
        Transfer transfer;
        synchronized (lock) {
            transfer = transfers.get(digest);
            if (transfer == null || transfer.role == Transfer.Role.RELAY) {
                return ActivationResult.UNKNOWN;
            }
            switch (transfer.state) {
                case CLAIMING, WAITING:
                    return ActivationResult.NOT_READY;
                case ACTIVE:
                    return ActivationResult.ALREADY_ACTIVE;
                case CLOSED:
                    return ActivationResult.UNKNOWN;
                default:
                    transfer.state = Transfer.State.ACTIVE;
                    transfer.released.countDown();
                    cancelDeadline(transfer);
            }
        }
        Log.debug("Transfer {} activated", digest);
        return ActivationResult.ACTIVATED;
    }

    /** Starts reading a leg (see {@link Pump}); closes the transfer when no thread is available. */
    private boolean startPump(Transfer t, Leg from) {
        AtomicLong counter = from == t.second ? t.bytesToFirst : t.bytesToSecond;
        try {
            relays.execute(new Pump(t, from, counter, bytesMoved, settings.bufferSize(), buffers, pumpBridge));
            return true;
        } catch (RejectedExecutionException e) {
            closeTransfer(t, closed ? "bridge stopped" : "no relay thread available");
            return false;
        }
    }

    private final Pump.Bridge pumpBridge = new Pump.Bridge() {
        @Override
        public Leg awaitActivation(Transfer transfer, Leg from) throws InterruptedException {
            transfer.released.await();
            synchronized (lock) {
                return transfer.state == Transfer.State.ACTIVE ? transfer.other(from) : null;
            }
        }

        @Override
        public void directionEnded(Transfer transfer, Leg from, IOException failure) {
            FileTransferBridge.this.directionEnded(transfer, from, failure);
        }
    };

    // ---------------------------------------------------------------- ending

    private void directionEnded(Transfer transfer, Leg from, IOException failure) {
        boolean closeNow;
        String reason;
        synchronized (lock) {
            if (transfer.state == Transfer.State.CLOSED) {
                return;
            }
            if (failure != null) {
                closeNow = true;
                reason = (from.link ? "link lost: " : "peer lost: ") + failure.getMessage();
            } else if (transfer.state != Transfer.State.ACTIVE) {
                closeNow = true;
                reason = (from.link ? "other node closed the link" : "client left") + " before activation";
            } else {
                reason = "completed";
                transfer.other(from).shutdownOutput();
                transfer.directionsEnded++;
                closeNow = transfer.directionsEnded >= 2;
                if (!closeNow) {
                    armDeadline(transfer, settings.closeGrace(), "other direction still open after end of stream");
                }
            }
        }
        if (closeNow) {
            closeTransfer(transfer, reason);
        }
    }

    private void closeTransfer(Transfer transfer, String reason) {
        Transfer.State previous;
        synchronized (lock) {
            previous = transfer.state;
            if (previous == Transfer.State.CLOSED) {
                return;
            }
            transfer.state = Transfer.State.CLOSED;
            transfer.released.countDown();
            transfers.remove(transfer.digest, transfer);
            cancelDeadline(transfer);
        }
        if (transfer.first != null) {
            transfer.first.close();
        }
        if (transfer.second != null) {
            transfer.second.close();
        }
        if (claims != null && transfer.claimed) {
            claims.release(transfer.digest, transfer.legToken);
        }
        if (previous == Transfer.State.ACTIVE) {
            transfersCompleted.increment();
            Log.info("Transfer {} ({}{}) ended, {} bytes to target, {} back: {}", transfer.digest, transfer.role,
                    transfer.remoteNode == null ? "" : " with node " + transfer.remoteNode, transfer.bytesToFirst.get(),
                    transfer.bytesToSecond.get(), reason);
        } else {
            Log.info("Transfer {} closed before it was active ({}): {}", transfer.digest, previous, reason);
        }
    }

    private void forget(Transfer transfer) {
        synchronized (lock) {
            transfer.state = Transfer.State.CLOSED;
            transfer.released.countDown();
            transfers.remove(transfer.digest, transfer);
            cancelDeadline(transfer);
        }
    }

    private void closeTransfersWith(String otherNode, String reason) {
        List<Transfer> affected = new ArrayList<>();
        synchronized (lock) {
            for (Transfer t : transfers.values()) {
                if (otherNode.equals(t.remoteNode)) {
                    affected.add(t);
                }
            }
        }
        for (Transfer t : affected) {
            closeTransfer(t, reason + ": " + otherNode);
        }
    }

    /** Guarded by lock. Replaces the transfer's deadline. */
    private void armDeadline(Transfer transfer, Duration delay, String reason) {
        cancelDeadline(transfer);
        try {
            transfer.deadline = timers.schedule(() -> closeTransfer(transfer, reason + " within " + delay),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Log.debug("Bridge stopping, no deadline for transfer {}", transfer.digest);
        }
    }

    private static void cancelDeadline(Transfer transfer) {
        if (transfer.deadline != null) {
            transfer.deadline.cancel(false);
            transfer.deadline = null;
        }
    }

    // ---------------------------------------------------------------- status and lifecycle

    /** A snapshot for the admin console. */
    public BridgeStatus status() {
        long now = System.currentTimeMillis();
        int waiting = 0;
        int paired = 0;
        int active = 0;
        int links = 0;
        List<TransferStatus> list = new ArrayList<>();
        synchronized (lock) {
            for (Transfer t : transfers.values()) {
                switch (t.state) {
                    case CLAIMING, WAITING -> waiting++;
                    case PAIRED -> paired++;
                    case ACTIVE -> active++;
                    default -> { }
                }
                if (t.hasLink()) {
                    links++;
                }
                list.add(t.status(now));
            }
        }
        return new BridgeStatus(nodeId, socksPort(), linkPort(), waiting, paired, active, links, bytesMoved.sum(),
                transfersCompleted.sum(), linksOpened.sum(), linkRefusals.sum(), clientRefusals.sum(), list);
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
        List<Transfer> all;
        synchronized (lock) {
            all = new ArrayList<>(transfers.values());
        }
        for (Transfer t : all) {
            closeTransfer(t, "bridge stopped");
        }
        if (claims != null) {
            claims.awaitReleases(Duration.ofSeconds(3));
        }
        handshakes.shutdownNow();
        relays.shutdownNow();
        timers.shutdownNow();
        try {
            handshakes.awaitTermination(5, TimeUnit.SECONDS);
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
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads(name));
        return pool;
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
