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
}
