package org.ofclustering.openfire;

import org.dom4j.Element;
import org.ofclustering.codec.CodecException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The compact wire form of a task that carries one stanza: a small typed header and the stanza's
 * XML, instead of a Java serialization of the task, its JID and the stanza's DOM tree.
 * <pre>
 *   byte   0x10 (the tag; the general codec's tags are 0x00..0x05)
 *   byte   format version, 1
 *   byte   task: 1 = RemotePacketExecution, 2 = ProcessPacketTask
 *   byte   stanza: 1 = IQ, 2 = Message, 3 = Presence
 *   UTF    session type (ProcessPacketTask: the name of its session type; empty otherwise)
 *   UTF    the entity's JID (recipient or session address)
 *   bytes  the stanza's XML, UTF-8, to the end
 * </pre>
 * Reading parses the XML with {@link StanzaXmlReader} (elements, attributes, namespaces and text
 * only: no entity is expanded, nothing is fetched); a malformed or unknown payload is a {@link CodecException} with reason {@code CORRUPT}. Public for
 * the codec benchmark; the plugin uses it through its task codec only.
 */
public final class StanzaTaskFormat {
    static final byte TAG = 0x10;
    private static final byte VERSION = 1;

    /** What a stanza task holds. {@code sessionType} is empty for {@link Kind#REMOTE_PACKET_EXECUTION}. */
    public record Parts(Kind kind, String sessionType, String entity, Packet packet) {
    }

    /** The two stanza tasks of Openfire core, with their tags on the wire. */
    public enum Kind {
        REMOTE_PACKET_EXECUTION(1), PROCESS_PACKET_TASK(2);

        final byte tag;

        Kind(int tag) {
            this.tag = (byte) tag;
        }
    }

    private StanzaTaskFormat() {
    }

    /**
     * The compact form, or empty when the stanza's XML would not read back as the same stanza (a
     * character XML 1.0 forbids, which only a server-made stanza can hold): such a task takes the
     * general codec.
     */
    public static Optional<byte[]> write(Parts parts) {
        byte stanzaTag = stanzaTag(parts.packet());
        if (stanzaTag == 0) {
            return Optional.empty();
        }
        String xml = parts.packet().getElement().asXML();
        // Only what StanzaXmlReader reads: no comment, CDATA section or processing instruction, and no
        // character reference (dom4j writes a control character as one, which XML 1.0 forbids).
        if (xml.contains("&#") || xml.contains("<!") || xml.contains("<?") || !isXml10(xml)) {
            return Optional.empty();
        }
        byte[] utf8 = xml.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(utf8.length + parts.entity().length() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TAG);
            out.writeByte(VERSION);
            out.writeByte(parts.kind().tag);
            out.writeByte(stanzaTag);
            out.writeUTF(parts.sessionType());
            out.writeUTF(parts.entity());
            out.write(utf8);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e); // a ByteArrayOutputStream does not throw
        }
        return Optional.of(bytes.toByteArray());
    }

    static boolean isCompact(byte[] bytes) {
        return bytes != null && bytes.length > 0 && bytes[0] == TAG;
    }

    public static Parts read(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readByte() != TAG) {
                throw corrupt("not a compact stanza task");
            }
            byte version = in.readByte();
            if (version != VERSION) {
                throw corrupt("compact stanza task of format version " + version + "; this node reads version " + VERSION);
            }
            Kind kind = kind(in.readByte());
            byte stanzaTag = in.readByte();
            String sessionType = in.readUTF();
            String entity = in.readUTF();
            int offset = bytes.length - in.available();
            Element element = parse(bytes, offset);
            return new Parts(kind, sessionType, entity, packet(stanzaTag, element));
        } catch (IOException e) {
            throw corrupt("truncated header (" + e + ")");
        }
    }

    private static Element parse(byte[] bytes, int offset) {
        try {
            return StanzaXmlReader.read(new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw corrupt("the stanza is not well-formed XML (" + e.getMessage() + ")");
        }
    }

    private static Packet packet(byte tag, Element element) {
        return switch (tag) {
            case 1 -> new IQ(element, true);
            case 2 -> new Message(element, true);
            case 3 -> new Presence(element, true);
            default -> throw corrupt("unknown stanza type " + tag);
        };
    }

    private static byte stanzaTag(Packet packet) {
        if (packet instanceof IQ) {
            return 1;
        } else if (packet instanceof Message) {
            return 2;
        } else if (packet instanceof Presence) {
            return 3;
        }
        return 0;
    }

    private static Kind kind(byte tag) {
        for (Kind k : Kind.values()) {
            if (k.tag == tag) {
                return k;
            }
        }
        throw corrupt("unknown stanza task type " + tag);
    }

    /** Characters XML 1.0 allows: tab, line feed, carriage return, U+0020..U+D7FF, U+E000..U+FFFD, and surrogate pairs. */
    static boolean isXml10(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue;
            }
            if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0xE000 && c <= 0xFFFD)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    private static CodecException corrupt(String why) {
        return new CodecException(CodecException.Reason.CORRUPT, null, "Cannot decode a stanza task: " + why, null);
    }
}
