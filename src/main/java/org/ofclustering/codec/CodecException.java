package org.ofclustering.codec;

/**
 * A value could not be encoded or decoded: not serializable, a class outside the allow-list, a
 * class no known class loader can load, or corrupt bytes. The message names the class when known.
 */
public class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
