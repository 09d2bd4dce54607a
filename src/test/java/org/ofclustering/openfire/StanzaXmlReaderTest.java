package org.ofclustering.openfire;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StanzaXmlReader} builds the tree dom4j's own parser builds from the XML dom4j writes. */
class StanzaXmlReaderTest {
    private static final String[] URIS = {"jabber:client", "urn:xmpp:receipts", "http://jabber.org/protocol/chatstates", "urn:x:a", "urn:x:b"};
    private static final String[] NAMES = {"message", "body", "x", "item", "field", "value", "a-b", "c.d", "e_f"};
    private static final String TEXT = "ab <>&\"' \u00e9\u4e2d\ud83d\ude00\t\n]]>-";

    /**
     * Random stanzas (namespaces default and prefixed, attributes with and without one, mixed text
     * and child elements, every character that needs escaping) read back as the very tree they were
     * written from, down to whitespace in attribute values.
     */
    @Test
    void randomStanzasReadBackAsTheTreeTheyWereWrittenFrom() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            Element root = DocumentHelper.createElement(QName.get("message", Namespace.get(URIS[0])));
            grow(root, random, 0);
            String xml = root.asXML();
            assertEquals(tree(root), tree(StanzaXmlReader.read(xml)), "seed " + seed + ", stanza " + xml);
        }
    }

    /** An element as qualified names, attribute values and text, leaving out how namespaces were declared. */
    private static String tree(Element e) {
        StringBuilder b = new StringBuilder("{").append(e.getQName().getNamespaceURI()).append('}').append(e.getName()).append('[');
        e.attributes().forEach(a -> b.append('{').append(a.getNamespaceURI()).append('}').append(a.getName()).append('=').append(a.getValue()).append(';'));
        b.append("](");
        StringBuilder text = new StringBuilder();
        for (org.dom4j.Node n : e.content()) {
            if (n instanceof Element child) {
                b.append(text).append(tree(child));
                text.setLength(0);
            } else if (n instanceof org.dom4j.Text t) {
                text.append(t.getText()); // adjacent text nodes written one after the other read back as one
            }
        }
        return b.append(text).append(')').toString();
    }

    @Test
    void prefixesDefaultNamespacesAndQuotingAsClientsSendThem() throws Exception {
        for (String xml : List.of(
                "<message xmlns='jabber:client' to='a@b' type=\"chat\"><body>x</body></message>",
                "<iq xmlns=\"jabber:client\" type=\"get\" id=\"1\"><query xmlns=\"jabber:iq:roster\" ver=\"\"/></iq>",
                "<message xmlns=\"jabber:client\"><p:x xmlns:p=\"urn:p\" p:a=\"1\" b=\"2\"><p:y/><z xmlns=\"\"/></p:x></message>",
                "<presence xmlns=\"jabber:client\" xml:lang=\"en\"><status xml:lang=\"fr\">  spaced  </status>\n</presence>",
                "<message><body>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</body></message>",
                "<message a = 'x'  ><b  /></message  >")) {
            assertEquals(DocumentHelper.parseText(xml).getRootElement().asXML(), StanzaXmlReader.read(xml).asXML(), xml);
        }
        assertTrue(StanzaXmlReader.read("<a/>").getDocument() != null, "the root sits in a document, as a parser leaves it");
    }

    @Test
    void malformedOrUnsupportedXmlIsRefusedWithWhereAndWhy() {
        for (String[] bad : new String[][]{
                {"<message><body>x</message>", "closes"},
                {"<message><body>x", "not closed"},
                {"<message a=x/>", "without quotes"},
                {"<message a='<'/>", "'<' in an attribute"},
                {"<p:message/>", "undeclared namespace prefix"},
                {"<message a='1' a='2'/>", "given twice"},
                {"<message xmlns='a' xmlns='b'/>", "declared twice"},
                {"<message>&bogus;</message>", "unknown entity"},
                {"<message>&#xZZ;</message>", "bad character reference"},
                {"<message><!-- c --></message>", "comments"},
                {"<message><![CDATA[x]]></message>", "CDATA"},
                {"<?xml version='1.0'?><message/>", "declarations are not read"},
                {"<message/><extra/>", "content after the root"},
                {"", "unexpected end"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StanzaXmlReader.read(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("at offset"), bad[0] + " -> " + e.getMessage());
        }
    }

    private static void grow(Element e, Random random, int depth) {
        int attributes = random.nextInt(3);
        for (int a = 0; a < attributes; a++) {
            String name = "att" + a;
            if (random.nextInt(4) == 0) {
                e.addAttribute(QName.get(name, Namespace.get("p" + a, URIS[3 + a % 2])), text(random));
            } else {
                e.addAttribute(name, text(random));
            }
        }
        int children = depth > 3 ? 0 : random.nextInt(4);
        for (int c = 0; c < children; c++) {
            switch (random.nextInt(4)) {
                case 0 -> e.addText(text(random));
                case 1 -> grow(e.addElement(NAMES[random.nextInt(NAMES.length)]), random, depth + 1);
                case 2 -> grow(e.addElement(QName.get(NAMES[random.nextInt(NAMES.length)], Namespace.get(URIS[random.nextInt(URIS.length)]))), random, depth + 1);
                default -> grow(e.addElement(QName.get(NAMES[random.nextInt(NAMES.length)], Namespace.get("q", URIS[random.nextInt(URIS.length)]))), random, depth + 1);
            }
        }
    }

    private static String text(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(TEXT.length());
            char c = TEXT.charAt(at);
            if (Character.isSurrogate(c)) {
                b.append("\ud83d\ude00");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
