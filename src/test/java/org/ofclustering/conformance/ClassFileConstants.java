package org.ofclustering.conformance;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the compile-time constant values ({@code ConstantValue} attributes) of a class file
 * without loading or initialising the class: Openfire's classes run static initialisers that
 * need a running server.
 */
final class ClassFileConstants {
    private ClassFileConstants() {
    }

    /** Field name to constant value (Integer, Long, Float, Double or String) of every constant field. */
    static Map<String, Object> read(ClassLoader loader, String className) throws IOException {
        try (InputStream raw = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (raw == null) {
                throw new IOException("class file of " + className + " not found");
            }
            return parse(new DataInputStream(new ByteArrayInputStream(raw.readAllBytes())));
        }
    }

    private static Map<String, Object> parse(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3 -> pool[i] = in.readInt();
                case 4 -> pool[i] = in.readFloat();
                case 5 -> { pool[i] = in.readLong(); i++; }
                case 6 -> { pool[i] = in.readDouble(); i++; }
                case 7, 8, 16, 19, 20 -> pool[i] = new int[]{tag, in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> { in.readUnsignedShort(); in.readUnsignedShort(); }
                case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        Map<String, Object> constants = new HashMap<>();
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = (String) pool[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("ConstantValue")) {
                    Object value = pool[in.readUnsignedShort()];
                    if (value instanceof int[] ref && ref[0] == 8) {
                        value = pool[ref[1]]; // CONSTANT_String points at the UTF-8 entry
                    }
                    constants.put(name, value);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return constants;
    }
}
