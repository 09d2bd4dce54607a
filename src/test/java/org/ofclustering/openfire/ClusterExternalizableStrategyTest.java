package org.ofclustering.openfire;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ofclustering.codec.ClassLoaderChain;
import org.ofclustering.codec.CodecException;
import org.ofclustering.codec.CodecSettings;
import org.ofclustering.codec.SeparateClassLoader;
import org.ofclustering.codec.SerializationCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterExternalizableStrategyTest {
    static final String PARCEL = "org.ofclustering.testplugin.Parcel";
    static final String OUTSIDER = "com.example.Outsider";

    @TempDir
    static Path classes;
    static SeparateClassLoader plugin;

    static final SerializationCodec CODEC = new SerializationCodec(CodecSettings.defaults(), ClassLoaderChain.ofDefaults());
    static final ClusterExternalizableStrategy STRATEGY = new ClusterExternalizableStrategy(CODEC.javaSerialization());
    /** What ExternalizableUtil.getInstance() would hand to an Externalizable. */
    static volatile ClusterExternalizableStrategy installed = STRATEGY;

    /** The two kinds of stream Openfire hands to the strategy. */
    enum Streams { DATA, OBJECT }

    @BeforeAll
    static void compilePluginClass() throws IOException {
        plugin = SeparateClassLoader.compile(classes, Map.of(OUTSIDER, "package com.example;\n"
                + "public class Outsider implements java.io.Serializable {}\n", PARCEL, "package org.ofclustering.testplugin;\n"
                + "public class Parcel implements java.io.Externalizable {\n"
                + "  public String label = \"\";\n"
                + "  public Parcel() {}\n"
                + "  public void writeExternal(java.io.ObjectOutput out) throws java.io.IOException { out.writeUTF(label); }\n"
                + "  public void readExternal(java.io.ObjectInput in) throws java.io.IOException { label = in.readUTF(); }\n"
                + "}\n"));
    }

    @AfterAll
    static void closeLoader() throws IOException {
        plugin.close();
    }

    interface Writer {
        void write(DataOutput out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    /** Writes with the strategy, reads back, and checks that the reader consumed exactly what was written. */
    static <T> T roundTrip(Streams kind, Writer writer, Reader<T> reader) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream stream = kind == Streams.DATA ? new DataOutputStream(bytes) : new ObjectOutputStream(bytes)) {
            DataOutput out = (DataOutput) stream;
            writer.write(out);
            out.writeInt(0x5EA1);
        }
        ByteArrayInputStream source = new ByteArrayInputStream(bytes.toByteArray());
        try (InputStream stream = kind == Streams.DATA ? new DataInputStream(source) : new ObjectInputStream(source)) {
            DataInput in = (DataInput) stream;
            T value = reader.read(in);
            assertEquals(0x5EA1, in.readInt(), "reader and writer disagree on the length");
            return value;
        }
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void primitives(Streams kind) throws IOException {
        for (long v : new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}) {
            assertEquals(v, (long) roundTrip(kind, out -> STRATEGY.writeLong(out, v), STRATEGY::readLong));
        }
        for (int v : new int[] {Integer.MIN_VALUE, 0, 42}) {
            assertEquals(v, (int) roundTrip(kind, out -> STRATEGY.writeInt(out, v), STRATEGY::readInt));
        }
        assertTrue(roundTrip(kind, out -> STRATEGY.writeBoolean(out, true), STRATEGY::readBoolean));
        assertFalse(roundTrip(kind, out -> STRATEGY.writeBoolean(out, false), STRATEGY::readBoolean));
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void arraysAndNulls(Streams kind) throws IOException {
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        assertArrayEquals(bytes, roundTrip(kind, out -> STRATEGY.writeByteArray(out, bytes), STRATEGY::readByteArray));
        assertArrayEquals(new byte[0], roundTrip(kind, out -> STRATEGY.writeByteArray(out, new byte[0]), STRATEGY::readByteArray));
        assertNull(roundTrip(kind, out -> STRATEGY.writeByteArray(out, null), STRATEGY::readByteArray));
        long[] longs = {1, -2, Long.MAX_VALUE};
        assertArrayEquals(longs, roundTrip(kind, out -> STRATEGY.writeLongArray(out, longs), STRATEGY::readLongArray));
        assertNull(roundTrip(kind, out -> STRATEGY.writeLongArray(out, null), STRATEGY::readLongArray));
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void safeUtfOfAnyLength(Streams kind) throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 300_000; i++) {
            big.append("<message to='u").append(i).append("@example.com'>Grüße 日本 \uD83D\uDE00</message>");
        }
        big.append('\uD800'); // a lone surrogate survives too
        String huge = big.toString();
        String ascii70k = "x".repeat(70_000); // over writeUTF's 65535 bytes
        String exactly = "\u20AC".repeat(16 * 1024); // 3 bytes each, the longest single chunk
        for (String s : List.of("", "short", ascii70k, exactly, exactly + "a", huge)) {
            assertEquals(s, roundTrip(kind, out -> STRATEGY.writeSafeUTF(out, s), STRATEGY::readSafeUTF));
        }
        assertNull(roundTrip(kind, out -> STRATEGY.writeSafeUTF(out, null), STRATEGY::readSafeUTF));
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void serializableValuesKeepTheirType(Streams kind) throws IOException {
        List<Serializable> values = List.of(42L, 7, "text", 1.5d, 2.5f, true, new Date(1000), new Timestamp(2000),
                new HashMap<>(Map.of("k", "v")), new Item("serializable item", 3), 'c', (short) 4);
        for (Serializable v : values) {
            Serializable back = roundTrip(kind, out -> STRATEGY.writeSerializable(out, v), STRATEGY::readSerializable);
            assertEquals(v, back);
            assertSame(v.getClass(), back.getClass());
        }
        assertNull(roundTrip(kind, out -> STRATEGY.writeSerializable(out, null), STRATEGY::readSerializable));
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void mapsAndListsReturnedWhole(Streams kind) throws IOException {
        Map<String, String> strings = new TreeMap<>(Map.of("a", "1", "b", "2"));
        assertEquals(strings, roundTrip(kind, out -> STRATEGY.writeStringMap(out, strings), STRATEGY::readStringMap));
        assertNull(roundTrip(kind, out -> STRATEGY.writeStringMap(out, null), STRATEGY::readStringMap));

        Map<Long, Integer> longInts = new HashMap<>(Map.of(1L, 10, 2L, 20));
        assertEquals(longInts, roundTrip(kind, out -> STRATEGY.writeLongIntMap(out, longInts), STRATEGY::readLongIntMap));
        assertNull(roundTrip(kind, out -> STRATEGY.writeLongIntMap(out, null), STRATEGY::readLongIntMap));

        List<String> list = new ArrayList<>(List.of("x", "y", "x"));
        assertEquals(list, roundTrip(kind, out -> STRATEGY.writeStringList(out, list), STRATEGY::readStringList));
        assertNull(roundTrip(kind, out -> STRATEGY.writeStringList(out, null), STRATEGY::readStringList));
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void collectionsAndMapsAddedToTheCallers(Streams kind) throws IOException {
        Map<String, Set<String>> strings = new HashMap<>(Map.of("room", new HashSet<>(Set.of("a", "b"))));
        Map<String, Set<String>> stringsBack = new HashMap<>();
        assertEquals(1, (int) roundTrip(kind, out -> STRATEGY.writeStringsMap(out, strings), in -> STRATEGY.readStringsMap(in, stringsBack)));
        assertEquals(strings, stringsBack);

        Collection<String> some = new LinkedHashMap<>(Map.of("p", 1, "q", 2)).keySet(); // a view: not serializable itself
        List<String> someBack = new ArrayList<>();
        assertEquals(2, (int) roundTrip(kind, out -> STRATEGY.writeStrings(out, some), in -> STRATEGY.readStrings(in, someBack)));
        assertEquals(new ArrayList<>(some), someBack);

        List<Item> items = List.of(new Item("one", 1), new Item("two", 2));
        List<Item> itemsBack = new ArrayList<>();
        assertEquals(2, (int) roundTrip(kind, out -> STRATEGY.writeExternalizableCollection(out, items),
                in -> STRATEGY.readExternalizableCollection(in, itemsBack, getClass().getClassLoader())));
        assertEquals(items, itemsBack);

        Map<String, Item> byName = new HashMap<>(Map.of("one", new Item("one", 1)));
        Collection<Item> values = byName.values(); // HashMap$Values is not serializable
        List<Serializable> serializables = new ArrayList<>();
        assertEquals(1, (int) roundTrip(kind, out -> STRATEGY.writeSerializableCollection(out, values),
                in -> STRATEGY.readSerializableCollection(in, serializables, null)));
        assertEquals(List.of(new Item("one", 1)), serializables);

        Map<String, Item> byNameBack = new ConcurrentHashMap<>();
        assertEquals(1, (int) roundTrip(kind, out -> STRATEGY.writeExternalizableMap(out, byName),
                in -> STRATEGY.readExternalizableMap(in, byNameBack, null)));
        assertEquals(byName, byNameBack);

        Map<Serializable, Serializable> mixed = new HashMap<>(Map.of(1L, new Date(5), "k", new Item("v", 9)));
        Map<Serializable, Serializable> mixedBack = new HashMap<>();
        assertEquals(2, (int) roundTrip(kind, out -> STRATEGY.writeSerializableMap(out, mixed),
                in -> STRATEGY.readSerializableMap(in, mixedBack, null)));
        assertEquals(mixed, mixedBack);
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void nullCollectionsAndMapsAddNothing(Streams kind) throws IOException {
        List<Item> target = new ArrayList<>(List.of(new Item("kept", 0)));
        assertEquals(0, (int) roundTrip(kind, out -> STRATEGY.writeExternalizableCollection(out, null),
                in -> STRATEGY.readExternalizableCollection(in, target, null)));
        assertEquals(0, (int) roundTrip(kind, out -> STRATEGY.writeSerializableCollection(out, null),
                in -> STRATEGY.readSerializableCollection(in, target, null)));
        assertEquals(1, target.size());
        Map<String, Item> map = new HashMap<>();
        assertEquals(0, (int) roundTrip(kind, out -> STRATEGY.writeExternalizableMap(out, null), in -> STRATEGY.readExternalizableMap(in, map, null)));
        assertEquals(0, (int) roundTrip(kind, out -> STRATEGY.writeSerializableMap(out, null), in -> STRATEGY.readSerializableMap(in, map, null)));
        Map<String, Set<String>> strings = new HashMap<>();
        assertEquals(0, (int) roundTrip(kind, out -> STRATEGY.writeStringsMap(out, null), in -> STRATEGY.readStringsMap(in, strings)));
        List<String> list = new ArrayList<>();
        assertEquals(0, (int) roundTrip(kind, out -> STRATEGY.writeStrings(out, null), in -> STRATEGY.readStrings(in, list)));
        assertTrue(map.isEmpty() && strings.isEmpty() && list.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Streams.class)
    void collectionOfAPluginClassReadsWithTheGivenLoader(Streams kind) throws Exception {
        Object parcel = plugin.newInstance(PARCEL);
        parcel.getClass().getField("label").set(parcel, "from a plugin");
        @SuppressWarnings("unchecked")
        List<Externalizable> parcels = new ArrayList<>(List.of((Externalizable) parcel));

        List<Externalizable> back = new ArrayList<>();
        roundTrip(kind, out -> STRATEGY.writeExternalizableCollection(out, parcels),
                in -> STRATEGY.readExternalizableCollection(in, back, plugin));
        assertSame(plugin, back.get(0).getClass().getClassLoader());
        assertEquals("from a plugin", back.get(0).getClass().getField("label").get(back.get(0)));

        IOException e = assertThrows(IOException.class, () -> roundTrip(kind,
                out -> STRATEGY.writeExternalizableCollection(out, parcels),
                in -> STRATEGY.readExternalizableCollection(in, new ArrayList<>(), null)));
        CodecException cause = assertInstanceOf(CodecException.class, e.getCause());
        assertEquals(CodecException.Reason.CLASS_NOT_FOUND, cause.reason());
        assertEquals(PARCEL, cause.className());
    }

    @Test
    void classOutsideTheAllowListIsRefusedInsideACollection() {
        Foreign foreign = new Foreign();
        SerializationCodec strict = new SerializationCodec(new org.ofclustering.codec.ClassAllowList(List.of("java.")),
                ClassLoaderChain.ofDefaults());
        ClusterExternalizableStrategy strictStrategy = new ClusterExternalizableStrategy(strict.javaSerialization());
        IOException e = assertThrows(IOException.class, () -> roundTrip(Streams.DATA,
                out -> strictStrategy.writeSerializableCollection(out, List.of(foreign)),
                in -> strictStrategy.readSerializableCollection(in, new ArrayList<>(), null)));
        CodecException cause = assertInstanceOf(CodecException.class, e.getCause());
        assertEquals(CodecException.Reason.NOT_ALLOWED, cause.reason());
        assertEquals(Foreign.class.getName(), cause.className());
    }

    @Test
    void wrongTypeOrNullForAPrimitiveIsAnIOException() {
        assertThrows(IOException.class, () -> roundTrip(Streams.DATA, out -> STRATEGY.writeSafeUTF(out, "x"), STRATEGY::readLong));
        assertThrows(IOException.class, () -> roundTrip(Streams.DATA, out -> STRATEGY.writeSafeUTF(out, null), STRATEGY::readInt));
        assertThrows(IOException.class, () -> roundTrip(Streams.DATA, out -> STRATEGY.writeLong(out, 1), STRATEGY::readStringMap));
        assertThrows(IOException.class, () -> roundTrip(Streams.DATA, out -> out.writeByte(99), STRATEGY::readSerializable));
        assertThrows(IOException.class, () -> roundTrip(Streams.DATA, out -> {
            out.writeByte(9);
            out.writeInt(Integer.MAX_VALUE); // claims 2 GB, holds nothing
        }, STRATEGY::readByteArray));
    }

    @Test
    void externalizableValueUsingTheStrategyThroughTheCodec() throws Exception {
        Envelope envelope = new Envelope("x".repeat(100_000), List.of(new Item("a", 1), new Item("b", 2)));
        Envelope back = (Envelope) CODEC.decode(CODEC.encode(envelope));
        assertEquals(envelope.body, back.body);
        assertEquals(envelope.items, back.items);

        // As Openfire does, the Externalizable asks for the installed strategy, which shares the codec's allow-list.
        Envelope refused = new Envelope("body", List.of(new Item("a", 1)));
        refused.extra = (Serializable) plugin.newInstance(OUTSIDER);
        SerializationCodec permissive = new SerializationCodec(
                CodecSettings.of(org.ofclustering.codec.ClassAllowList.withDefaults("com.example.")),
                ClassLoaderChain.of(getClass().getClassLoader(), plugin));
        SerializationCodec strict = new SerializationCodec(CodecSettings.defaults(),
                ClassLoaderChain.of(getClass().getClassLoader(), plugin));
        try {
            installed = new ClusterExternalizableStrategy(permissive.javaSerialization());
            byte[] bytes = permissive.encode(refused);
            installed = new ClusterExternalizableStrategy(strict.javaSerialization());
            plugin.requested().clear();
            CodecException e = assertThrows(CodecException.class, () -> strict.decode(bytes, "cache 'X'"));
            assertEquals(CodecException.Reason.NOT_ALLOWED, e.reason());
            assertEquals(OUTSIDER, e.className());
            assertTrue(e.getMessage().startsWith("cache 'X': "), e.getMessage());
            assertFalse(plugin.requested().contains(OUTSIDER));
        } finally {
            installed = STRATEGY;
        }
    }

    @Test
    void unserializableFieldInsideAnExternalizableNamesTheClass() {
        Envelope envelope = new Envelope("body", List.of());
        envelope.extra = new HoldsAThread();
        CodecException e = assertThrows(CodecException.class, () -> CODEC.encode(envelope, "task to node n2"));
        assertEquals(CodecException.Reason.NOT_SERIALIZABLE, e.reason());
        assertEquals("java.lang.Thread", e.className());
        assertTrue(e.getMessage().startsWith("task to node n2: "), e.getMessage());
    }

    static final class HoldsAThread implements Serializable {
        final Object thread = new Thread();
    }

    /** A Serializable value of the test's own. */
    static final class Item implements Externalizable {
        String name;
        int size;

        public Item() {
        }

        Item(String name, int size) {
            this.name = name;
            this.size = size;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            STRATEGY.writeSafeUTF(out, name);
            STRATEGY.writeInt(out, size);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            name = STRATEGY.readSafeUTF(in);
            size = STRATEGY.readInt(in);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && Objects.equals(name, i.name) && size == i.size;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, size);
        }
    }

    /** Like an Openfire cluster task: writes its fields through the strategy. */
    public static final class Envelope implements Externalizable {
        String body;
        List<Item> items = new ArrayList<>();
        Serializable extra;

        public Envelope() {
        }

        Envelope(String body, List<Item> items) {
            this.body = body;
            this.items = new ArrayList<>(items);
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            installed.writeSafeUTF(out, body);
            installed.writeExternalizableCollection(out, items);
            installed.writeSerializable(out, extra);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            body = installed.readSafeUTF(in);
            installed.readExternalizableCollection(in, items, getClass().getClassLoader());
            extra = installed.readSerializable(in);
        }
    }

    static final class Foreign implements Serializable {
    }
}
