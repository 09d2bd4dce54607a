package org.ofclustering.codec;

/** Encodes objects to bytes and back. Implementations are thread-safe. */
public interface ObjectCodec {
    /**
     * @throws CodecException when the object (or something it holds) cannot be serialized or is not allowed
     */
    byte[] encode(Object value);

    /**
     * @throws CodecException when the bytes are corrupt, name a class outside the allow-list, or a class
     *                        that no known class loader can load
     */
    Object decode(byte[] bytes);

    /**
     * {@link #encode(Object)}, with failures naming where the value was going, e.g.
     * {@code "cache 'Routing Users Cache'"} or {@code "task to node 3f2a..."}.
     */
    default byte[] encode(Object value, String context) {
        try {
            return encode(value);
        } catch (CodecException e) {
            throw e.withContext(context);
        }
    }

    /** {@link #decode(byte[])}, with failures naming where the bytes came from. */
    default Object decode(byte[] bytes, String context) {
        try {
            return decode(bytes);
        } catch (CodecException e) {
            throw e.withContext(context);
        }
    }
}
