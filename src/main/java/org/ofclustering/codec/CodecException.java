package org.ofclustering.codec;

/**
 * A value could not be encoded or decoded: not serializable, a class outside the allow-list, a
 * class no known class loader can load, a stream limit exceeded, or corrupt bytes. The message
 * names the class when it is known, and the cache or task when the caller gave a context
 * ({@link #withContext(String)}).
 */
public class CodecException extends RuntimeException {
    /** Why encoding or decoding failed; lets callers react (e.g. an error reply for an unknown task class). */
    public enum Reason {
        /** The object, or something it holds, cannot be serialized. */
        NOT_SERIALIZABLE,
        /** A class is outside the allow-list; it was refused before being loaded. */
        NOT_ALLOWED,
        /** No known class loader has the class. */
        CLASS_NOT_FOUND,
        /** The class exists but differs from the one that wrote the bytes (e.g. serialVersionUID). */
        INCOMPATIBLE_CLASS,
        /** The stream is deeper, longer or holds more references than the configured limits. */
        LIMIT_EXCEEDED,
        /** The bytes are not a valid encoding: truncated, unknown type tag, trailing garbage. */
        CORRUPT,
        /** Anything else, e.g. an exception thrown by a class's own readObject or writeExternal. */
        FAILED
    }

    private final Reason reason;
    private final String className;

    public CodecException(String message) {
        this(Reason.FAILED, null, message, null);
    }

    public CodecException(String message, Throwable cause) {
        this(Reason.FAILED, null, message, cause);
    }

    /**
     * @param className the class concerned, or null when unknown
     */
    public CodecException(Reason reason, String className, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.className = className;
    }

    public Reason reason() {
        return reason;
    }

    /** The class that could not be handled, or null when the failure is not about one class. */
    public String className() {
        return className;
    }

    /**
     * The same failure with the message prefixed by where it happened, e.g.
     * {@code cache 'Routing Users Cache': class com.example.Foo is not allowed ...}.
     */
    public CodecException withContext(String context) {
        CodecException e = new CodecException(reason, className, context + ": " + getMessage(), getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
