package org.ofclustering.openfire;

import org.dom4j.DocumentHelper;
import org.junit.jupiter.api.Test;
import org.ofclustering.codec.ClassAllowList;
import org.ofclustering.codec.ClassLoaderChain;
import org.ofclustering.codec.CodecException;
import org.ofclustering.codec.SerializationCodec;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact form of a stanza task reads back as the same stanza, and refuses what it cannot read. */
class StanzaTaskFormatTest {

    @Test
    void messagesIqsAndPresencesReadBackAsTheSameStanza() throws Exception {
        Message chat = new Message();
        chat.setTo("bob@example.org/phone");
        chat.setFrom("alice@example.org/desk");
        chat.setID("m-1");
        chat.setType(Message.Type.chat);
        chat.setBody("<b>bold</b> & \"quoted\" 'single' \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00 tab\there\nnext line");
        chat.getElement().addElement("request", "urn:xmpp:receipts");
        chat.getElement().addElement("x", "jabber:x:data").addAttribute("type", "submit")
                .addElement("field").addAttribute("var", "a").addElement("value").setText("]]> <![CDATA[");
        chat.getElement().element("body").addAttribute(org.dom4j.QName.get("lang", org.dom4j.Namespace.XML_NAMESPACE), "fr");
        Message parsed = new Message(DocumentHelper.parseText(
                "<message xmlns='jabber:client' to='bob@example.org' type='chat' id='p'>"
                        + "<body>parsed</body><thread parent='t0'>t1</thread>"
                        + "<ext:x xmlns:ext='urn:example:ext' ext:flag='1'><ext:y/></ext:x></message>").getRootElement(), true);
        IQ iq = new IQ(IQ.Type.get, "iq-7");
        iq.setTo("bob@example.org/phone");
        iq.setChildElement("query", "jabber:iq:version");
        Presence presence = new Presence(Presence.Type.unavailable);
        presence.setTo("bob@example.org");
        presence.setStatus("gone \u2603");

        for (Packet stanza : List.<Packet>of(chat, parsed, iq, presence)) {
            StanzaTaskFormat.Parts sent = new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION, "",
                    "bob@example.org/phone", stanza);
            byte[] bytes = StanzaTaskFormat.write(sent).orElseThrow();
            StanzaTaskFormat.Parts received = StanzaTaskFormat.read(bytes);
            assertEquals(stanza.getClass(), received.packet().getClass());
            assertEquals(reparsed(stanza), received.packet().toXML(), "the same XML, up to how an empty element is written");
            assertEquals(sent.entity(), received.entity());
            assertEquals(sent.kind(), received.kind());
            assertEquals(new JID(sent.entity()), new JID(received.entity()));
        }
        Message back = (Message) StanzaTaskFormat.read(StanzaTaskFormat.write(
                new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.PROCESS_PACKET_TASK, "client", "bob@example.org/phone", chat)).orElseThrow()).packet();
        assertEquals(chat.getBody(), back.getBody());
        assertEquals(Message.Type.chat, back.getType());
        assertEquals(new JID("alice@example.org/desk"), back.getFrom());
    }

    @Test
    void theSessionTypeOfAProcessPacketTaskTravelsByName() {
        Message m = new Message();
        m.setBody("x");
        StanzaTaskFormat.Parts parts = StanzaTaskFormat.read(StanzaTaskFormat.write(
                new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.PROCESS_PACKET_TASK, "component", "conference.example.org", m)).orElseThrow());
        assertEquals(StanzaTaskFormat.Kind.PROCESS_PACKET_TASK, parts.kind());
        assertEquals("component", parts.sessionType());
        assertEquals("conference.example.org", parts.entity());
    }

    @Test
    void aStanzaWithACharacterXmlForbidsTakesTheGeneralCodec() {
        Message m = new Message();
        m.setBody("bell \u0007 here");
        assertEquals(Optional.empty(), StanzaTaskFormat.write(new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION, "", "a@b", m)));
        Message withCdata = new Message();
        withCdata.getElement().addElement("body").addCDATA("a < b");
        assertEquals(Optional.empty(), StanzaTaskFormat.write(new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION, "", "a@b", withCdata)),
                "a CDATA section (or a comment) is not read by the compact reader");
        assertFalse(StanzaTaskFormat.isXml10("lone \ud83d surrogate"));
        assertTrue(StanzaTaskFormat.isXml10("pair \ud83d\ude00 and \ufffd"));
    }

    @Test
    void corruptOrForeignBytesAreRefusedWithAReason() {
        Message m = new Message();
        m.setBody("hello");
        byte[] good = StanzaTaskFormat.write(new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION, "", "a@b", m)).orElseThrow();

        assertCorrupt(Arrays.copyOf(good, 4), "truncated header");
        assertCorrupt(Arrays.copyOf(good, good.length - 3), "not well-formed");
        byte[] version = good.clone();
        version[1] = 9;
        assertCorrupt(version, "format version 9");
        byte[] kind = good.clone();
        kind[2] = 7;
        assertCorrupt(kind, "unknown stanza task type 7");
        byte[] stanza = good.clone();
        stanza[3] = 4;
        assertCorrupt(stanza, "unknown stanza type 4");
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsExpanded() {
        String header = new String(new byte[]{StanzaTaskFormat.TAG, 1, 1, 2, 0, 0, 0, 3}, StandardCharsets.ISO_8859_1) + "a@b";
        String xml = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
                + "<message><body>&b;</body></message>";
        assertCorrupt((header + xml).getBytes(StandardCharsets.ISO_8859_1), "not well-formed");
    }

    @Test
    void otherValuesAndTheJavaFormOfAStanzaTaskStillTakeTheGeneralCodec() {
        SerializationCodec general = new SerializationCodec(ClassAllowList.withDefaults(List.of()), ClassLoaderChain.ofDefaults());
        ClusterTaskCodec codec = new ClusterTaskCodec(general, true);
        assertArrayEquals(general.encode("text"), codec.encode("text"));
        assertEquals("text", codec.decode(general.encode("text")));
        assertEquals(42L, codec.decode(codec.encode(42L)));
        CountingTask task = new CountingTask("k", 0);
        assertArrayEquals(general.encode(task), codec.encode(task), "a task without a stanza");
        assertInstanceOf(CountingTask.class, codec.decode(codec.encode(task)));
    }

    /** The stanza as a parser gives it back: dom4j keeps namespace declarations as content, so {@code <a xmlns='x'/>} becomes {@code <a xmlns="x"></a>}. */
    private static String reparsed(Packet stanza) throws Exception {
        return DocumentHelper.parseText(stanza.toXML()).getRootElement().asXML();
    }

    private static void assertCorrupt(byte[] bytes, String reason) {
        CodecException e = assertThrows(CodecException.class, () -> StanzaTaskFormat.read(bytes));
        assertEquals(CodecException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
