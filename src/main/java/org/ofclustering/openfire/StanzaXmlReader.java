package org.ofclustering.openfire;

import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back the XML that dom4j writes for one stanza ({@code Element.asXML()}): elements,
 * attributes, namespace declarations, text and the five predefined entities plus character
 * references. It refuses everything else (comments, CDATA sections, processing instructions,
 * doctype declarations, an XML declaration), so no entity is ever expanded and nothing is fetched:
 * {@link StanzaTaskFormat} sends a stanza whose XML holds any of them through the general codec
 * instead. A general XML parser costs several times more per stanza, most of it in setting itself
 * up for each document. The tree it builds is the one dom4j's {@code SAXReader} builds from the same
 * text (same qualified names, namespace declarations as content, one text node per run of text),
 * except that whitespace in attribute values is kept as written instead of being turned into
 * spaces: dom4j writes a tab or line feed in an attribute as it is, so keeping it reads back the
 * value the stanza had.
 */
final class StanzaXmlReader {
    private static final DocumentFactory FACTORY = DocumentFactory.getInstance();

    private final String xml;
    private int pos;

    private StanzaXmlReader(String xml) {
        this.xml = xml;
    }

    /** The root element of {@code xml}, in a document of its own (as a parser gives it). */
    static Element read(String xml) {
        StanzaXmlReader reader = new StanzaXmlReader(xml);
        Element root = reader.element(null, Scope.ROOT);
        if (reader.pos != xml.length()) {
            throw reader.malformed("content after the root element");
        }
        FACTORY.createDocument(root);
        return root;
    }

    /** The namespaces in scope: prefix to URI, "" for the default namespace; a chain of frames. */
    private record Scope(Map<String, String> declared, Scope parent) {
        static final Scope ROOT = new Scope(Map.of("xml", Namespace.XML_NAMESPACE.getURI(), "", ""), null);

        String uri(String prefix) {
            for (Scope s = this; s != null; s = s.parent) {
                String uri = s.declared.get(prefix);
                if (uri != null) {
                    return uri;
                }
            }
            return null;
        }
    }

    private Element element(Element parent, Scope outer) {
        expect('<');
        if (peek() == '!' || peek() == '?') {
            throw malformed("comments, CDATA sections, processing instructions and declarations are not read here");
        }
        String name = name();
        List<String[]> attributes = new ArrayList<>(4);
        Map<String, String> declared = null;
        List<String> declarationOrder = null;
        boolean empty;
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '/') {
                pos++;
                expect('>');
                empty = true;
                break;
            }
            if (c == '>') {
                pos++;
                empty = false;
                break;
            }
            String attribute = name();
            skipSpace();
            expect('=');
            skipSpace();
            String value = quoted();
            if (attribute.equals("xmlns") || attribute.startsWith("xmlns:")) {
                String prefix = attribute.length() == 5 ? "" : attribute.substring(6);
                if (declared == null) {
                    declared = new HashMap<>(4);
                    declarationOrder = new ArrayList<>(2);
                }
                if (declared.put(prefix, value) != null) {
                    throw malformed("namespace prefix '" + prefix + "' declared twice");
                }
                declarationOrder.add(prefix);
            } else {
                attributes.add(new String[]{attribute, value});
            }
        }
        Scope scope = declared == null ? outer : new Scope(declared, outer);
        Element element = FACTORY.createElement(qualified(name, scope, true));
        if (declarationOrder != null) {
            for (String prefix : declarationOrder) {
                element.add(Namespace.get(prefix, declared.get(prefix)));
            }
        }
        for (String[] a : attributes) {
            if (element.attribute(qualified(a[0], scope, false)) != null) {
                throw malformed("attribute '" + a[0] + "' given twice");
            }
            element.addAttribute(qualified(a[0], scope, false), a[1]);
        }
        if (parent != null) {
            parent.add(element);
        }
        if (!empty) {
            content(element, scope, name);
        }
        return element;
    }

    private void content(Element element, Scope scope, String name) {
        StringBuilder text = null;
        while (true) {
            if (pos >= xml.length()) {
                throw malformed("element '" + name + "' is not closed");
            }
            char c = xml.charAt(pos);
            if (c == '<') {
                if (text != null) {
                    element.addText(text.toString());
                    text = null;
                }
                char next = pos + 1 < xml.length() ? xml.charAt(pos + 1) : 0;
                if (next == '/') {
                    pos += 2;
                    String closing = name();
                    if (!closing.equals(name)) {
                        throw malformed("'" + closing + "' closes '" + name + "'");
                    }
                    skipSpace();
                    expect('>');
                    return;
                }
                element(element, scope);
            } else {
                if (text == null) {
                    text = new StringBuilder(32);
                }
                if (c == '&') {
                    text.append(reference());
                } else {
                    text.append(c);
                    pos++;
                }
            }
        }
    }

    private QName qualified(String name, Scope scope, boolean isElement) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            String uri = isElement ? scope.uri("") : "";
            return uri == null || uri.isEmpty() ? FACTORY.createQName(name) : FACTORY.createQName(name, Namespace.get(uri));
        }
        String prefix = name.substring(0, colon);
        String local = name.substring(colon + 1);
        String uri = scope.uri(prefix);
        if (uri == null || local.isEmpty()) {
            throw malformed("undeclared namespace prefix in '" + name + "'");
        }
        return FACTORY.createQName(local, Namespace.get(prefix, uri));
    }

    private String quoted() {
        char quote = peek();
        if (quote != '"' && quote != '\'') {
            throw malformed("attribute value without quotes");
        }
        pos++;
        StringBuilder value = null;
        int start = pos;
        while (true) {
            if (pos >= xml.length()) {
                throw malformed("attribute value not closed");
            }
            char c = xml.charAt(pos);
            if (c == quote) {
                String v = value == null ? xml.substring(start, pos) : value.append(xml, start, pos).toString();
                pos++;
                return v;
            }
            if (c == '<') {
                throw malformed("'<' in an attribute value");
            }
            if (c == '&') {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(xml, start, pos);
                value.append(reference());
                start = pos;
            } else {
                pos++;
            }
        }
    }

    /** An entity or character reference at {@code pos}: the text it stands for. */
    private String reference() {
        int end = xml.indexOf(';', pos);
        if (end < 0 || end - pos > 12) {
            throw malformed("unterminated reference");
        }
        String ref = xml.substring(pos + 1, end);
        pos = end + 1;
        switch (ref) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                break;
        }
        try {
            if (ref.startsWith("#x")) {
                return Character.toString(Integer.parseInt(ref.substring(2), 16));
            }
            if (ref.startsWith("#")) {
                return Character.toString(Integer.parseInt(ref.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            throw malformed("bad character reference '&" + ref + ";'");
        }
        throw malformed("unknown entity '&" + ref + ";'");
    }

    private String name() {
        int start = pos;
        while (pos < xml.length()) {
            char c = xml.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>' || c == '=' || c == '<'
                    || c == '"' || c == '\'' || c == '&') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw malformed("a name was expected");
        }
        return xml.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < xml.length()) {
            char c = xml.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= xml.length()) {
            throw malformed("unexpected end");
        }
        return xml.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw malformed("'" + c + "' expected");
        }
        pos++;
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException(why + " at offset " + pos);
    }
}
