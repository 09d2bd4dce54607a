package org.ofclustering.codec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerializationCodecTest {
    static final String GREETING = "org.ofclustering.testplugin.Greeting";
    static final String EVIL = "com.example.Evil";

    @TempDir
    static Path classes;
    static SeparateClassLoader plugin;

    private final SerializationCodec codec = new SerializationCodec(CodecSettings.defaults(), ClassLoaderChain.ofDefaults());

    @BeforeAll
    static void compilePluginClasses() throws IOException {
        plugin = SeparateClassLoader.compile(classes, Map.of(
                GREETING, "package org.ofclustering.testplugin;\n"
                        + "public class Greeting implements java.io.Serializable {\n"
                        + "  public String text = \"hello from a plugin\";\n"
                        + "  public com.example.Evil payload;\n"
                        + "}\n",
                EVIL, "package com.example;\n"
                        + "public class Evil implements java.io.Serializable {\n"
                        + "  public int x = 7;\n"
                        + "}\n"));
    }

    @AfterAll
    static void closeLoader() throws IOException {
        plugin.close();
    }

    /** The default allow-list, and a chain that can load the plugin's classes. */
    private static SerializationCodec withPlugin() {
        return new SerializationCodec(CodecSettings.defaults(),
                ClassLoaderChain.of(SerializationCodecTest.class.getClassLoader(), plugin));
    }

    /** A codec that can load the plugin's classes and also allows com.example (to produce such bytes). */
    private static SerializationCodec permissive() {
        return new SerializationCodec(ClassAllowList.withDefaults("com.example."),
                ClassLoaderChain.of(SerializationCodecTest.class.getClassLoader(), plugin));
    }

    @Test
    void commonKeyTypesUseTheirFastPathWithATypeTag() {
        assertArrayEquals(new byte[] {1, 'a', 'b'}, codec.encode("ab"));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 42}, codec.encode(42L));
        assertArrayEquals(new byte[] {3, 0, 0, 0, 42}, codec.encode(42));
        assertArrayEquals(new byte[] {4, 9, 8}, codec.encode(new byte[] {9, 8}));
        assertArrayEquals(new byte[] {0}, codec.encode(null));
        assertEquals(SerializationCodec.JAVA, codec.encode(42.0d)[0]);
    }

    @Test
    void fastPathsRoundTripAndStayDistinct() {
        for (Object v : List.of("", "user@example.com/res", "Grüße, 日本, \uD83D\uDE00", Long.MIN_VALUE, 0L, Integer.MAX_VALUE, -1)) {
            Object back = codec.decode(codec.encode(v));
            assertEquals(v, back);
            assertSame(v.getClass(), back.getClass());
        }
        assertArrayEquals(new byte[] {0, -1, 127}, (byte[]) codec.decode(codec.encode(new byte[] {0, -1, 127})));
        assertNull(codec.decode(codec.encode(null)));
        assertNull(codec.decode(null), "no stored bytes decode to null");
        assertNotEquals(Arrays.toString(codec.encode(1L)), Arrays.toString(codec.encode(1)), "Long 1 and Integer 1 differ");
        assertNotEquals(Arrays.toString(codec.encode("1")), Arrays.toString(codec.encode(new byte[] {'1'})));
    }

    @Test
    void equalKeysGiveEqualBytes() {
        assertArrayEquals(codec.encode(new String("node-1".toCharArray())), codec.encode("node-1"));
        assertArrayEquals(codec.encode(Long.valueOf(123456789L)), codec.encode(123456789L));
    }

    @Test
    void stringWithLoneSurrogateRoundTripsExactly() {
        String s = "a\uD800b\uDC00";
        byte[] bytes = codec.encode(s);
        assertEquals(SerializationCodec.JAVA, bytes[0]);
        assertEquals(s, codec.decode(bytes));
    }

    @Test
    void serializableAndExternalizableValuesRoundTrip() {
        Map<String, Object> map = new HashMap<>();
        map.put("list", new ArrayList<>(List.of(1, "two", 3L)));
        map.put("date", new Date(1234));
        map.put("timestamp", new Timestamp(5678));
        map.put("instant", Instant.ofEpochSecond(99, 7));
        map.put("enum", Color.GREEN);
        map.put("record", new Route("node-1", true));
        map.put("nested", new ConcurrentHashMap<>(Map.of("k", new LinkedList<>(List.of(new int[] {1, 2})))));
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) codec.decode(codec.encode(map));
        assertEquals(map.keySet(), back.keySet());
        assertEquals(map.get("list"), back.get("list"));
        assertEquals(map.get("timestamp"), back.get("timestamp"));
        assertSame(Timestamp.class, back.get("timestamp").getClass());
        assertEquals(map.get("instant"), back.get("instant"));
        assertSame(Color.GREEN, back.get("enum"));
        assertEquals(new Route("node-1", true), back.get("record"));

        Note note = new Note("subject", 17);
        Note noteBack = (Note) codec.decode(codec.encode(note));
        assertEquals("subject", noteBack.text);
        assertEquals(17, noteBack.count);
    }

    @Test
    void tinderJidPassesTheDefaultAllowList() {
        org.xmpp.packet.JID jid = new org.xmpp.packet.JID("user", "example.com", "phone", true); // no stringprep library in tests
        Object back = codec.decode(codec.encode(jid));
        assertEquals(jid, back);
        assertEquals("user@example.com/phone", back.toString());
    }

    @Test
    void classOfAPluginLoaderResolvesOnlyThroughTheChain() throws Exception {
        Object greeting = plugin.newInstance(GREETING);
        byte[] bytes = codec.encode(greeting);

        CodecException missing = assertThrows(CodecException.class, () -> codec.decode(bytes));
        assertEquals(CodecException.Reason.CLASS_NOT_FOUND, missing.reason());
        assertEquals(GREETING, missing.className());
        assertTrue(missing.getMessage().contains(GREETING), missing.getMessage());

        SerializationCodec withPlugin = withPlugin();
        Object back = withPlugin.decode(bytes);
        assertSame(plugin, back.getClass().getClassLoader());
        assertEquals("hello from a plugin", back.getClass().getField("text").get(back));

        Object array = java.lang.reflect.Array.newInstance(plugin.loadClass(GREETING), 2);
        Object arrayBack = withPlugin.decode(withPlugin.encode(array));
        assertSame(plugin.loadClass(GREETING), arrayBack.getClass().getComponentType());
    }

    @Test
    void classCacheFollowsTheChainWhenAPluginGoesAway() throws Exception {
        AtomicReference<List<ClassLoader>> loaders = new AtomicReference<>(List.of(getClass().getClassLoader(), plugin));
        SerializationCodec followed = new SerializationCodec(CodecSettings.defaults(), loaders::get);
        byte[] bytes = followed.encode(plugin.newInstance(GREETING));
        assertSame(plugin, followed.decode(bytes).getClass().getClassLoader());

        loaders.set(List.of(getClass().getClassLoader()));
        assertEquals(CodecException.Reason.CLASS_NOT_FOUND,
                assertThrows(CodecException.class, () -> followed.decode(bytes)).reason());
    }

    @Test
    void classOutsideTheAllowListIsRefusedBeforeLoading() throws Exception {
        byte[] bytes = permissive().encode(plugin.newInstance(EVIL));
        CodecException e = assertRefusedBeforeLoading(bytes);
        assertTrue(e.getMessage().contains(EVIL) && e.getMessage().contains("clustering.codec.allowedPackages"), e.getMessage());
    }

    @Test
    void refusedClassInsideANestedGraphIsFound() throws Exception {
        Object greeting = plugin.newInstance(GREETING);
        greeting.getClass().getField("payload").set(greeting, plugin.newInstance(EVIL));
        Map<String, Object> graph = new HashMap<>(Map.of("outer", new ArrayList<>(List.of("x", Map.of("inner", greeting)))));
        assertRefusedBeforeLoading(permissive().encode(graph));
    }

    /** Decodes with the default allow-list and a chain that could load the class: refused, never loaded. */
    private CodecException assertRefusedBeforeLoading(byte[] bytes) {
        plugin.requested().clear();
        CodecException e = assertThrows(CodecException.class, () -> withPlugin().decode(bytes));
        assertEquals(CodecException.Reason.NOT_ALLOWED, e.reason());
        assertEquals(EVIL, e.className());
        assertFalse(plugin.requested().contains(EVIL), "the refused class was handed to a class loader");
        return e;
    }

    @Test
    void encodingRefusesWhatNoNodeCouldDecode() throws Exception {
        Object evil = plugin.newInstance(EVIL);
        CodecException e = assertThrows(CodecException.class, () -> codec.encode(new ArrayList<>(List.of(evil))));
        assertEquals(CodecException.Reason.NOT_ALLOWED, e.reason());
        assertEquals(EVIL, e.className());
        assertTrue(e.getMessage().contains("java.util.ArrayList") && e.getMessage().contains(EVIL), e.getMessage());
    }

    @Test
    void contextNamesTheCacheAndTheClass() throws Exception {
        byte[] bytes = permissive().encode(plugin.newInstance(EVIL));
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes, "cache 'Routing Users Cache'"));
        assertTrue(e.getMessage().startsWith("cache 'Routing Users Cache': "), e.getMessage());
        assertTrue(e.getMessage().contains("class " + EVIL + " is not allowed"), e.getMessage());
        assertEquals(CodecException.Reason.NOT_ALLOWED, e.reason());

        CodecException w = assertThrows(CodecException.class, () -> codec.encode(new Object(), "task to node n2"));
        assertTrue(w.getMessage().startsWith("task to node n2: "), w.getMessage());
        assertEquals(CodecException.Reason.NOT_SERIALIZABLE, w.reason());
        assertEquals("java.lang.Object", w.className());
    }

    @Test
    void notSerializableValueNamesTheOffendingClass() {
        List<Object> list = new ArrayList<>(List.of("fine", new Thread()));
        CodecException e = assertThrows(CodecException.class, () -> codec.encode(list));
        assertEquals(CodecException.Reason.NOT_SERIALIZABLE, e.reason());
        assertEquals("java.lang.Thread", e.className());
    }

    @Test
    void lambdasAndProxiesAreRefused() {
        Supplier<String> lambda = (Supplier<String> & Serializable) () -> "x";
        assertEquals(CodecException.Reason.NOT_ALLOWED, assertThrows(CodecException.class, () -> codec.encode(lambda)).reason());
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class, Serializable.class},
                (p, m, a) -> null);
        assertEquals(CodecException.Reason.NOT_ALLOWED, assertThrows(CodecException.class, () -> codec.encode(proxy)).reason());
    }

    @Test
    void corruptBytesAreACodecExceptionNeverANull() {
        assertCorrupt(new byte[0]);
        assertCorrupt(new byte[] {0x7f});
        assertCorrupt(new byte[] {0, 0});
        assertCorrupt(new byte[] {SerializationCodec.LONG, 1, 2, 3});
        assertCorrupt(new byte[] {SerializationCodec.INTEGER, 1, 2, 3, 4, 5});
        assertCorrupt(new byte[] {SerializationCodec.STRING, (byte) 0xc3, (byte) 0x28});
        assertCorrupt(new byte[] {SerializationCodec.JAVA});
        assertCorrupt(new byte[] {SerializationCodec.JAVA, 1, 2, 3, 4});

        byte[] good = codec.encode(new HashMap<>(Map.of("a", List.of(1, 2, 3), "b", new Date(0))));
        for (int cut = 1; cut < good.length; cut++) {
            assertCorrupt(Arrays.copyOf(good, cut));
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertCorrupt(trailing);
    }

    @Test
    void randomlyDamagedStreamsNeverEscapeAsAnotherException() {
        byte[] good = codec.encode(new HashMap<>(Map.of("a", new ArrayList<>(List.of(1, "x")), "b", new Route("n", false))));
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bad[1 + random.nextInt(bad.length - 1)] = (byte) random.nextInt(256);
            }
            try {
                codec.decode(bad);
            } catch (CodecException expected) {
                // every failure must be this type; a damaged stream may still decode to some value
            }
        }
    }

    @Test
    void hugeArrayLengthIsRefusedBeforeAllocating() {
        byte[] bytes = codec.encode(new int[] {1, 2, 3});
        // the int length of the array sits just before its 3 elements (12 bytes) at the end
        int at = bytes.length - 12 - 4;
        bytes[at] = 0x7f;
        bytes[at + 1] = (byte) 0xff;
        bytes[at + 2] = (byte) 0xff;
        bytes[at + 3] = (byte) 0xff;
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
        assertEquals(CodecException.Reason.LIMIT_EXCEEDED, e.reason());
        assertTrue(e.getMessage().contains("fixed array limit"), e.getMessage());
    }

    @Test
    void limitsOfDepthReferencesAndArraysApply() {
        SerializationCodec small = new SerializationCodec(
                new CodecSettings(ClassAllowList.withDefaults(List.of()), 20, 50, 10), ClassLoaderChain.ofDefaults());
        assertEquals(CodecException.Reason.LIMIT_EXCEEDED,
                assertThrows(CodecException.class, () -> small.decode(small.encode(new long[11]))).reason());
        assertEquals(10, ((long[]) small.decode(small.encode(new long[10]))).length);

        List<Object> deep = new ArrayList<>();
        List<Object> cursor = deep;
        for (int i = 0; i < 30; i++) {
            List<Object> next = new ArrayList<>();
            cursor.add(next);
            cursor = next;
        }
        byte[] deepBytes = small.encode(deep);
        CodecException depth = assertThrows(CodecException.class, () -> small.decode(deepBytes));
        assertEquals(CodecException.Reason.LIMIT_EXCEEDED, depth.reason());
        assertTrue(depth.getMessage().contains("deeper than 20") && depth.getMessage().contains("fixed nesting limit"), depth.getMessage());

        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(new Date(i));
        }
        byte[] manyBytes = small.encode(new ArrayList<>(many.subList(0, 9)));
        small.decode(manyBytes);
        CodecException refs = assertThrows(CodecException.class, () -> small.decode(small.encode(many)));
        assertEquals(CodecException.Reason.LIMIT_EXCEEDED, refs.reason());
    }

    @Test
    void incompatibleClassVersionIsReported() {
        byte[] bytes = codec.encode(new Versioned());
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(Versioned.class.getName()) + Versioned.class.getName().length();
        bytes[at + 7] ^= 0x55; // damage the serialVersionUID that follows the class name
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes));
        assertEquals(CodecException.Reason.INCOMPATIBLE_CLASS, e.reason());
        assertEquals(Versioned.class.getName(), e.className());
    }

    private void assertCorrupt(byte[] bytes) {
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes), () -> Arrays.toString(bytes));
        assertTrue(e.reason() == CodecException.Reason.CORRUPT || e.reason() == CodecException.Reason.FAILED,
                e.reason() + " " + e.getMessage());
    }

    enum Color { RED, GREEN }

    static final class Versioned implements Serializable {
        private static final long serialVersionUID = 1L;
        int value = 3;
    }

    record Route(String node, boolean available) implements Serializable {
    }

    public static final class Note implements Externalizable {
        String text;
        int count;

        public Note() {
        }

        Note(String text, int count) {
            this.text = text;
            this.count = count;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeUTF(text);
            out.writeInt(count);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            text = in.readUTF();
            count = in.readInt();
        }
    }
}
