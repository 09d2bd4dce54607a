package org.ofclustering.openfire;

import org.jivesoftware.util.cache.ExternalizableUtilStrategy;
import org.ofclustering.codec.CodecException;
import org.ofclustering.codec.JavaSerialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.Externalizable;
import java.io.IOException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How Openfire's {@code ExternalizableUtil} writes the fields of cluster tasks and cached values
 * while this node is clustered. The wire format follows Openfire's {@code DefaultExternalizableUtil}
 * (a type tag, then the value) with three differences: strings of any length (tag 11 carries a
 * string whose modified UTF-8 form exceeds {@code DataOutput.writeUTF}'s 64 KB limit, in chunks);
 * objects other than the simple types go through the plugin's {@link JavaSerialization}, so their
 * classes resolve through Openfire's and every plugin's class loader and obey the allow-list; and a
 * {@code Date} subclass such as {@code java.sql.Timestamp} keeps its type. Nulls behave as in
 * Openfire: a null map, list, array or string reads back as null, a null collection or map reads
 * back as "nothing added" (0).
 *
 * <p>Calls no Openfire static, so it works (and is tested) without a running server.
 */
public final class ClusterExternalizableStrategy implements ExternalizableUtilStrategy {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INT = 2;
    private static final byte STRING = 3;
    private static final byte DOUBLE = 4;
    private static final byte FLOAT = 5;
    private static final byte BOOLEAN = 6;
    private static final byte DATE = 8;
    private static final byte BYTES = 9;
    private static final byte SERIALIZED = 10;
    private static final byte LONG_STRING = 11;

    /** Characters per writeUTF chunk of a long string: at most 3 bytes each, well under 65535. */
    private static final int CHUNK = 16 * 1024;

    private final JavaSerialization serialization;

    public ClusterExternalizableStrategy(JavaSerialization serialization) {
        this.serialization = serialization;
    }

    // --- simple values

    @Override
    public void writeLong(DataOutput out, long value) throws IOException {
        writeObject(out, value);
    }

    @Override
    public long readLong(DataInput in) throws IOException {
        return expect(readObject(in, null), Long.class, "long");
    }

    @Override
    public void writeInt(DataOutput out, int value) throws IOException {
        writeObject(out, value);
    }

    @Override
    public int readInt(DataInput in) throws IOException {
        return expect(readObject(in, null), Integer.class, "int");
    }

    @Override
    public void writeBoolean(DataOutput out, boolean value) throws IOException {
        writeObject(out, value);
    }

    @Override
    public boolean readBoolean(DataInput in) throws IOException {
        return expect(readObject(in, null), Boolean.class, "boolean");
    }

    @Override
    public void writeByteArray(DataOutput out, byte[] value) throws IOException {
        writeObject(out, value);
    }

    @Override
    public byte[] readByteArray(DataInput in) throws IOException {
        return nullable(readObject(in, null), byte[].class, "byte[]");
    }

    @Override
    public void writeLongArray(DataOutput out, long[] array) throws IOException {
        writeObject(out, array);
    }

    @Override
    public long[] readLongArray(DataInput in) throws IOException {
        return nullable(readObject(in, null), long[].class, "long[]");
    }

    @Override
    public void writeSafeUTF(DataOutput out, String value) throws IOException {
        writeObject(out, value);
    }

    @Override
    public String readSafeUTF(DataInput in) throws IOException {
        return nullable(readObject(in, null), String.class, "String");
    }

    @Override
    public void writeSerializable(DataOutput out, Serializable value) throws IOException {
        writeObject(out, value);
    }

    @Override
    public Serializable readSerializable(DataInput in) throws IOException {
        return nullable(readObject(in, null), Serializable.class, "Serializable");
    }

    // --- maps and collections returned

    @Override
    public void writeStringMap(DataOutput out, Map<String, String> stringMap) throws IOException {
        writeObject(out, serializableMap(stringMap));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> readStringMap(DataInput in) throws IOException {
        return nullable(readObject(in, null), Map.class, "Map");
    }

    @Override
    public void writeLongIntMap(DataOutput out, Map<Long, Integer> map) throws IOException {
        writeObject(out, serializableMap(map));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<Long, Integer> readLongIntMap(DataInput in) throws IOException {
        return nullable(readObject(in, null), Map.class, "Map");
    }

    @Override
    public void writeStringList(DataOutput out, List<String> stringList) throws IOException {
        writeObject(out, serializableCollection(stringList));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> readStringList(DataInput in) throws IOException {
        return nullable(readObject(in, null), List.class, "List");
    }

    // --- maps and collections added to the caller's

    @Override
    public void writeStringsMap(DataOutput out, Map<String, Set<String>> map) throws IOException {
        writeObject(out, serializableMap(map));
    }

    @Override
    public int readStringsMap(DataInput in, Map<String, Set<String>> map) throws IOException {
        return putAll(readObject(in, null), map);
    }

    @Override
    public void writeStrings(DataOutput out, Collection<String> collection) throws IOException {
        writeObject(out, serializableCollection(collection));
    }

    @Override
    public int readStrings(DataInput in, Collection<String> collection) throws IOException {
        return addAll(readObject(in, null), collection);
    }

    @Override
    public void writeExternalizableCollection(DataOutput out, Collection<? extends Externalizable> value) throws IOException {
        writeObject(out, serializableCollection(value));
    }

    @Override
    public int readExternalizableCollection(DataInput in, Collection<? extends Externalizable> value, ClassLoader loader) throws IOException {
        return addAll(readObject(in, loader), value);
    }

    @Override
    public void writeSerializableCollection(DataOutput out, Collection<? extends Serializable> value) throws IOException {
        writeObject(out, serializableCollection(value));
    }

    @Override
    public int readSerializableCollection(DataInput in, Collection<? extends Serializable> value, ClassLoader loader) throws IOException {
        return addAll(readObject(in, loader), value);
    }

    @Override
    public void writeExternalizableMap(DataOutput out, Map<String, ? extends Externalizable> map) throws IOException {
        writeObject(out, serializableMap(map));
    }

    @Override
    public int readExternalizableMap(DataInput in, Map<String, ? extends Externalizable> map, ClassLoader loader) throws IOException {
        return putAll(readObject(in, loader), map);
    }

    @Override
    public void writeSerializableMap(DataOutput out, Map<? extends Serializable, ? extends Serializable> map) throws IOException {
        writeObject(out, serializableMap(map));
    }

    @Override
    public int readSerializableMap(DataInput in, Map<? extends Serializable, ? extends Serializable> map, ClassLoader loader) throws IOException {
        return putAll(readObject(in, loader), map);
    }

    // --- the tagged format

    private void writeObject(DataOutput out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value.getClass() == Date.class) {
            out.writeByte(DATE);
            out.writeLong(((Date) value).getTime());
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else {
            byte[] bytes;
            try {
                bytes = serialization.write(value);
            } catch (CodecException e) {
                throw new IOException(e.getMessage(), e);
            }
            out.writeByte(SERIALIZED);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        if (s.length() <= CHUNK) { // at most 3 bytes per char: fits writeUTF
            out.writeByte(STRING);
            out.writeUTF(s);
            return;
        }
        // Chunks of whole chars: modified UTF-8 encodes each char alone, so any split point is exact.
        out.writeByte(LONG_STRING);
        out.writeInt(s.length());
        for (int start = 0; start < s.length(); start += CHUNK) {
            out.writeUTF(s.substring(start, Math.min(s.length(), start + CHUNK)));
        }
    }

    private Object readObject(DataInput in, ClassLoader loader) throws IOException {
        byte type = in.readByte();
        switch (type) {
            case NULL: return null;
            case LONG: return in.readLong();
            case INT: return in.readInt();
            case STRING: return in.readUTF();
            case LONG_STRING: return readLongString(in);
            case DOUBLE: return in.readDouble();
            case FLOAT: return in.readFloat();
            case BOOLEAN: return in.readBoolean();
            case DATE: return new Date(in.readLong());
            case BYTES: return readBytes(in);
            case SERIALIZED:
                byte[] bytes = readBytes(in);
                try {
                    return serialization.read(bytes, loader);
                } catch (CodecException e) {
                    throw new IOException(e.getMessage(), e);
                }
            default:
                throw new StreamCorruptedException("unknown ExternalizableUtil type tag " + type);
        }
    }

    private static String readLongString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new StreamCorruptedException("negative string length " + length);
        }
        StringBuilder s = new StringBuilder(Math.min(length, 1 << 20));
        while (s.length() < length) {
            String chunk = in.readUTF();
            if (chunk.isEmpty() || s.length() + chunk.length() > length) {
                throw new StreamCorruptedException("string chunks do not add up to " + length + " chars");
            }
            s.append(chunk);
        }
        return s.toString();
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new StreamCorruptedException("negative byte array length " + length);
        }
        // Grow while reading, so a corrupt length cannot allocate more than the stream holds.
        byte[] bytes = new byte[Math.min(length, 1 << 16)];
        int filled = 0;
        while (filled < length) {
            if (filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(length, bytes.length * 2L));
            }
            int n = bytes.length - filled;
            in.readFully(bytes, filled, n);
            filled += n;
        }
        return bytes;
    }

    private static <T> T expect(Object value, Class<T> type, String what) throws IOException {
        if (value == null) {
            throw new StreamCorruptedException("expected a " + what + " but the stream holds null");
        }
        return nullable(value, type, what);
    }

    private static <T> T nullable(Object value, Class<T> type, String what) throws IOException {
        if (value != null && !type.isInstance(value)) {
            throw new StreamCorruptedException("expected a " + what + " but the stream holds a " + value.getClass().getName());
        }
        return type.cast(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int addAll(Object value, Collection target) throws IOException {
        Collection<?> read = nullable(value, Collection.class, "Collection");
        if (read == null) {
            return 0;
        }
        target.addAll(read);
        return read.size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int putAll(Object value, Map target) throws IOException {
        Map<?, ?> read = nullable(value, Map.class, "Map");
        if (read == null) {
            return 0;
        }
        target.putAll(read);
        return read.size();
    }

    /** Views such as {@code map.values()} are not serializable: send a copy, the reader only adds from it. */
    private static Object serializableCollection(Collection<?> c) {
        return c == null || c instanceof Serializable ? c : new ArrayList<>(c);
    }

    private static Object serializableMap(Map<?, ?> m) {
        return m == null || m instanceof Serializable ? m : new HashMap<>(m);
    }
}
