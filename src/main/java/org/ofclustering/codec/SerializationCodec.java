package org.ofclustering.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The codec for cache keys, cache values and cluster tasks. The first byte is a type tag:
 * <pre>
 *   0x00 null            (nothing follows)
 *   0x01 String          UTF-8 bytes
 *   0x02 Long            8 bytes, big-endian
 *   0x03 Integer         4 bytes, big-endian
 *   0x04 byte[]          the bytes as they are
 *   0x05 anything else   one Java serialization stream ({@link JavaSerialization})
 * </pre>
 * The fast paths keep the common key types short and cheap, and make their encoding canonical
 * (equal keys give equal bytes, which Redis compares). A String that is not valid UTF-16 (a lone
 * surrogate) takes the Java path, which preserves it exactly.
 */
public final class SerializationCodec implements ObjectCodec {
    static final byte NULL = 0x00;
    static final byte STRING = 0x01;
    static final byte LONG = 0x02;
    static final byte INTEGER = 0x03;
    static final byte BYTES = 0x04;
    static final byte JAVA = 0x05;

    private final JavaSerialization java;

    public SerializationCodec(CodecSettings settings, ClassLoaderChain loaders) {
        this.java = new JavaSerialization(settings, loaders);
    }

    /** The given allow-list with the default stream limits. */
    public SerializationCodec(ClassAllowList allowList, ClassLoaderChain loaders) {
        this(CodecSettings.of(allowList), loaders);
    }

    /** The Java serialization this codec uses, shared with the ExternalizableUtil strategy. */
    public JavaSerialization javaSerialization() {
        return java;
    }

    @Override
    public byte[] encode(Object value) {
        if (value == null) {
            return new byte[] {NULL};
        }
        if (value instanceof String s) {
            if (isWellFormed(s)) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[utf8.length + 1];
                out[0] = STRING;
                System.arraycopy(utf8, 0, out, 1, utf8.length);
                return out;
            }
        } else if (value instanceof Long l) {
            return ByteBuffer.allocate(9).put(LONG).putLong(l).array();
        } else if (value instanceof Integer i) {
            return ByteBuffer.allocate(5).put(INTEGER).putInt(i).array();
        } else if (value instanceof byte[] b) {
            byte[] out = new byte[b.length + 1];
            out[0] = BYTES;
            System.arraycopy(b, 0, out, 1, b.length);
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(JAVA);
        java.write(value, out);
        return out.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            return null; // nothing stored: not an encoding at all
        }
        if (bytes.length == 0) {
            throw corrupt("no bytes (an encoding has at least its type tag)");
        }
        int length = bytes.length - 1;
        switch (bytes[0]) {
            case NULL:
                expectLength(bytes, 0, "null");
                return null;
            case STRING:
                return utf8(bytes);
            case LONG:
                expectLength(bytes, 8, "Long");
                return ByteBuffer.wrap(bytes, 1, 8).getLong();
            case INTEGER:
                expectLength(bytes, 4, "Integer");
                return ByteBuffer.wrap(bytes, 1, 4).getInt();
            case BYTES:
                return Arrays.copyOfRange(bytes, 1, bytes.length);
            case JAVA:
                return java.read(bytes, 1, length, null);
            default:
                throw corrupt("unknown type tag 0x" + Integer.toHexString(bytes[0] & 0xff));
        }
    }

    private static void expectLength(byte[] bytes, int payload, String type) {
        if (bytes.length - 1 != payload) {
            throw corrupt(type + " needs " + payload + " bytes after its tag, found " + (bytes.length - 1));
        }
    }

    private static Object utf8(byte[] bytes) {
        boolean ascii = true;
        for (int i = 1; i < bytes.length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 1, bytes.length - 1, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 1, bytes.length - 1));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(CodecException.Reason.CORRUPT, null, "Cannot decode String: invalid UTF-8 (" + e + ")", e);
        }
    }

    /** True when every surrogate is paired, so UTF-8 round-trips the string exactly. */
    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static CodecException corrupt(String why) {
        return new CodecException(CodecException.Reason.CORRUPT, null, "Cannot decode: " + why, null);
    }
}
