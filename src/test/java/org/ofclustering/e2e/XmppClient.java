package org.ofclustering.e2e;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One XMPP user session (Smack over plain TCP on a node's loopback client port) that records
 * every message with a body it receives, in arrival order.
 */
public final class XmppClient implements AutoCloseable {
    /** Password of every account the suite creates. */
    public static final String PASSWORD = "e2e-user-secret";
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    static {
        // Sessions must not come back by themselves after a node is killed: the tests decide.
        ReconnectionManager.setEnabledPerDefault(false);
        XMPPTCPConnection.setUseStreamManagementDefault(false);
    }

    private static final java.util.concurrent.atomic.AtomicInteger NAMES = new java.util.concurrent.atomic.AtomicInteger();

    private final XMPPTCPConnection connection;
    private final String username;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final List<Message> received = new ArrayList<>();

    private XmppClient(XMPPTCPConnection connection, String username) {
        this.connection = connection;
        this.username = username;
        // A synchronous listener sees stanzas in the order they arrived on the stream.
        connection.addSyncStanzaListener(stanza -> inbox.add((Message) stanza), MessageWithBodiesFilter.INSTANCE);
    }

    /** A user name no other test of this run uses, e.g. {@code alice-7-k3f9}. */
    public static String uniqueName(String role) {
        return role + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xfffff, 36);
    }

    /** Creates the account with in-band registration (XEP-0077) on {@code node}, then logs in there. */
    public static XmppClient register(OpenfireNode node, String username, String resource)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnection connection = open(node, username, resource);
        try {
            AccountManager accounts = AccountManager.getInstance(connection);
            accounts.sensitiveOperationOverInsecureConnection(true); // loopback only
            accounts.createAccount(Localpart.from(username), PASSWORD);
            return loggedIn(connection, username);
        } catch (IOException | InterruptedException | SmackException | XMPPException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    /** Logs an existing account in on {@code node} with the given resource. */
    public static XmppClient login(OpenfireNode node, String username, String resource)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnection connection = open(node, username, resource);
        try {
            return loggedIn(connection, username);
        } catch (IOException | InterruptedException | SmackException | XMPPException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static XmppClient loggedIn(XMPPTCPConnection connection, String username)
            throws IOException, InterruptedException, SmackException, XMPPException {
        // Listen before logging in: offline messages follow the initial presence sent by login().
        XmppClient client = new XmppClient(connection, username);
        connection.login();
        // Once this is answered, the initial presence sent at login has been processed, so messages
        // to the bare JID reach this session.
        client.sync();
        return client;
    }

    private static XMPPTCPConnection open(OpenfireNode node, String username, String resource)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(node.domain())
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(node.ports().client())
                .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled) // loopback only, no certificate to trust
                .setUsernameAndPassword(username, PASSWORD)
                .setResource(resource)
                .setConnectTimeout((int) REPLY_TIMEOUT.toMillis())
                .setSendPresence(true)
                .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(REPLY_TIMEOUT.toMillis());
        connection.connect();
        return connection;
    }

    /**
     * Returns once the server has handled everything this client sent before: it handles one
     * stream's stanzas in order, so the answer to a ping comes after them.
     */
    public void sync() throws InterruptedException, SmackException.NotConnectedException {
        PingManager.getInstanceFor(connection).pingMyServer(false);
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    public String username() {
        return username;
    }

    public EntityFullJid jid() {
        return connection.getUser();
    }

    public EntityBareJid bareJid() {
        return connection.getUser().asEntityBareJid();
    }

    /** Sends a chat message. */
    public void send(Jid to, String body) throws SmackException.NotConnectedException, InterruptedException {
        Message message = connection.getStanzaFactory().buildMessageStanza()
                .to(to)
                .ofType(Message.Type.chat)
                .setBody(body)
                .build();
        connection.sendStanza(message);
    }

    /** Sends a chat message to {@code user@domain}. */
    public void send(String bareJid, String body) throws IOException, SmackException.NotConnectedException, InterruptedException {
        send(JidCreate.entityBareFrom(bareJid), body);
    }

    /**
     * Waits until {@code count} messages matching {@code filter} have arrived (or the time is up),
     * then returns every matching message received so far, in arrival order.
     */
    public List<Message> awaitMessages(Predicate<Message> filter, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(filter).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Message m = inbox.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (m != null) {
                synchronized (received) {
                    received.add(m);
                }
            }
        }
        return matching(filter);
    }

    /** Collects whatever arrives during {@code quiet}, then returns every matching message so far. */
    public List<Message> messagesAfter(Predicate<Message> filter, Duration quiet) throws InterruptedException {
        return awaitMessages(filter, Integer.MAX_VALUE, quiet);
    }

    private List<Message> matching(Predicate<Message> filter) {
        synchronized (received) {
            inbox.drainTo(received);
            return received.stream().filter(filter).toList();
        }
    }

    /** Matches messages whose sender's bare JID is {@code from}'s. */
    public static Predicate<Message> from(XmppClient sender) {
        EntityBareJid bare = sender.bareJid();
        return m -> m.getFrom() != null && bare.equals(m.getFrom().asBareJid());
    }

    /** Matches messages whose body starts with {@code prefix}. */
    public static Predicate<Message> bodyStartsWith(String prefix) {
        return m -> m.getBody() != null && m.getBody().startsWith(prefix);
    }

    public boolean isConnected() {
        return connection.isConnected() && connection.isAuthenticated();
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
