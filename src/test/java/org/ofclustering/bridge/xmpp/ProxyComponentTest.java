package org.ofclustering.bridge.xmpp;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.ofclustering.bridge.ActivationResult;
import org.ofclustering.bridge.StreamHost;
import org.ofclustering.bridge.TransferDigest;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The XEP-0065 stanzas of the proxy component, against a recording activator. */
class ProxyComponentTest {
    private final List<String> activated = new ArrayList<>();
    private ActivationResult answer = ActivationResult.ACTIVATED;
    private final ProxyComponent component = new ProxyComponent(digest -> {
        activated.add(digest);
        return answer;
    }, () -> StreamHost.parseList("node1.example.com,node2.example.com:7780", 7777));

    private static IQ query(IQ.Type type) {
        IQ iq = new IQ(type);
        iq.setFrom(new JID("alice@example.com/desk"));
        iq.setTo(new JID("proxy.example.com"));
        iq.setChildElement("query", ProxyComponent.NAMESPACE_BYTESTREAMS);
        return iq;
    }

    @Test
    void streamHostQueryListsTheConfiguredHosts() {
        IQ reply = component.handleIQGet(query(IQ.Type.get));
        assertEquals(IQ.Type.result, reply.getType());
        List<Element> hosts = reply.getChildElement().elements("streamhost");
        assertEquals(2, hosts.size());
        assertEquals("proxy.example.com", hosts.get(0).attributeValue("jid"));
        assertEquals("node1.example.com", hosts.get(0).attributeValue("host"));
        assertEquals("7777", hosts.get(0).attributeValue("port"));
        assertEquals("7780", hosts.get(1).attributeValue("port"));
    }

    @Test
    void activateComputesTheDigestFromSidRequesterAndTarget() {
        IQ set = query(IQ.Type.set);
        set.getChildElement().addAttribute("sid", "vxf9n471bn46");
        set.getChildElement().addElement("activate").setText("bob@example.com/phone");
        IQ reply = component.handleIQSet(set);
        assertEquals(IQ.Type.result, reply.getType());
        assertEquals(List.of(TransferDigest.of("vxf9n471bn46", "alice@example.com/desk", "bob@example.com/phone")), activated);
    }

    @Test
    void activationFailuresBecomeXmppErrors() {
        IQ set = query(IQ.Type.set);
        set.getChildElement().addAttribute("sid", "s1");
        set.getChildElement().addElement("activate").setText("bob@example.com/phone");
        answer = ActivationResult.UNKNOWN;
        assertEquals(PacketError.Condition.item_not_found, component.handleIQSet(set).getError().getCondition());
        answer = ActivationResult.NOT_READY;
        assertEquals(PacketError.Condition.not_allowed, component.handleIQSet(set).getError().getCondition());
        answer = ActivationResult.FAILED;
        assertEquals(PacketError.Condition.internal_server_error, component.handleIQSet(set).getError().getCondition());
    }

    @Test
    void activateWithoutSidOrTargetIsABadRequest() {
        IQ set = query(IQ.Type.set);
        set.getChildElement().addElement("activate").setText("bob@example.com/phone");
        assertEquals(PacketError.Condition.bad_request, component.handleIQSet(set).getError().getCondition());
        assertEquals(List.of(), activated);
    }

    @Test
    void otherNamespacesAreLeftToTheBaseClass() {
        IQ iq = new IQ(IQ.Type.get);
        iq.setChildElement("query", "jabber:iq:version");
        assertNull(component.handleIQGet(iq));
    }

    @Test
    void streamHostListParsing() {
        assertEquals(List.of(new StreamHost("files.example.com", 7777)), StreamHost.parseList(" files.example.com ", 7777));
        assertEquals(List.of(new StreamHost("::1", 7000), new StreamHost("a", 1)), StreamHost.parseList("[::1]:7000,a:1", 7777));
    }
}
