package org.ofclustering.bridge.xmpp;

import org.dom4j.Element;
import org.ofclustering.bridge.ActivationResult;
import org.ofclustering.bridge.StreamHost;
import org.ofclustering.bridge.TransferActivator;
import org.ofclustering.bridge.TransferDigest;
import org.xmpp.component.AbstractComponent;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.List;
import java.util.function.Supplier;

/**
 * The XEP-0065 bytestreams proxy service ({@code proxy.<domain>}) served by every node of the
 * cluster: answers disco#info (identity proxy/bytestreams), the stream host query with the
 * configured stream hosts, and {@code activate}, which it hands to the node's bridge (that reaches
 * the node holding the legs, wherever they are).
 */
public final class ProxyComponent extends AbstractComponent {
    public static final String NAMESPACE_BYTESTREAMS = "http://jabber.org/protocol/bytestreams";

    private final TransferActivator bridge;
    private final Supplier<List<StreamHost>> streamHosts;

    /**
     * @param bridge      the node's bridge
     * @param streamHosts the hosts to offer, read at every query (a cluster-wide list or this node's own)
     */
    public ProxyComponent(TransferActivator bridge, Supplier<List<StreamHost>> streamHosts) {
        this.bridge = bridge;
        this.streamHosts = streamHosts;
    }

    @Override
    public String getName() {
        return "SOCKS5 Bytestreams Service";
    }

    @Override
    public String getDescription() {
        return "Cluster-wide XEP-0065 file-transfer proxy";
    }

    @Override
    protected String discoInfoIdentityCategory() {
        return "proxy";
    }

    @Override
    protected String discoInfoIdentityCategoryType() {
        return "bytestreams";
    }

    @Override
    protected String[] discoInfoFeatureNamespaces() {
        return new String[]{NAMESPACE_BYTESTREAMS};
    }

    /** The stream host query. */
    @Override
    protected IQ handleIQGet(IQ request) {
        if (!NAMESPACE_BYTESTREAMS.equals(request.getChildElement().getNamespaceURI())) {
            return null;
        }
        IQ reply = IQ.createResultIQ(request);
        Element query = reply.setChildElement("query", NAMESPACE_BYTESTREAMS);
        String serviceJid = request.getTo() == null ? String.valueOf(getJID()) : request.getTo().toBareJID();
        for (StreamHost host : streamHosts.get()) {
            query.addElement("streamhost")
                    .addAttribute("jid", serviceJid)
                    .addAttribute("host", host.host())
                    .addAttribute("port", Integer.toString(host.port()));
        }
        return reply;
    }

    /** {@code activate}: the digest is SHA-1(sid + requester's full JID + target's full JID). */
    @Override
    protected IQ handleIQSet(IQ request) {
        Element query = request.getChildElement();
        if (!NAMESPACE_BYTESTREAMS.equals(query.getNamespaceURI())) {
            return null;
        }
        String sid = query.attributeValue("sid");
        String targetText = query.elementTextTrim("activate");
        if (sid == null || sid.isEmpty() || targetText == null || targetText.isEmpty() || request.getFrom() == null) {
            return error(request, PacketError.Condition.bad_request);
        }
        JID target;
        try {
            target = new JID(targetText);
        } catch (IllegalArgumentException e) {
            return error(request, PacketError.Condition.jid_malformed);
        }
        if (target.getResource() == null) {
            return error(request, PacketError.Condition.bad_request); // the target must be a full JID
        }
        String digest = TransferDigest.of(sid, request.getFrom().toFullJID(), target.toFullJID());
        ActivationResult result = bridge.activate(digest);
        return switch (result) {
            case ACTIVATED -> IQ.createResultIQ(request);
            case UNKNOWN -> error(request, PacketError.Condition.item_not_found);
            case NOT_READY, ALREADY_ACTIVE -> error(request, PacketError.Condition.not_allowed);
            case FAILED -> error(request, PacketError.Condition.internal_server_error);
        };
    }

    private static IQ error(IQ request, PacketError.Condition condition) {
        IQ reply = IQ.createResultIQ(request);
        reply.setChildElement(request.getChildElement().createCopy());
        reply.setError(condition);
        return reply;
    }
}
