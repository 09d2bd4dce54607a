package org.ofclustering.codec;

import org.ofclustering.codec.ClassResolver.RefusedClassException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;

/**
 * Java serialization ({@code Serializable} and {@code Externalizable}) restricted to an allow-list.
 * Decoding refuses a class outside the allow-list before any class loader sees its name, loads the
 * others through a {@link ClassLoaderChain} (optionally a caller's loader first), and applies an
 * {@link ObjectInputFilter} with depth, reference and array-length limits to the whole object graph,
 * nested objects included. Encoding refuses the same classes, so a value no node could read is
 * rejected where it is written. Every failure is a {@link CodecException} naming the class.
 */
public final class JavaSerialization {
    private final CodecSettings settings;
    private final ClassResolver resolver;

    public JavaSerialization(CodecSettings settings, ClassLoaderChain loaders) {
        this.settings = settings;
        this.resolver = new ClassResolver(settings.allowList(), loaders);
    }

    public CodecSettings settings() {
        return settings;
    }

    /**
     * @throws CodecException when the value or something it holds is not serializable or not allowed
     */
    public byte[] write(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        write(value, bytes);
        return bytes.toByteArray();
    }

    /** Writes one serialization stream holding the value to {@code out}. */
    public void write(Object value, OutputStream out) {
        Output stream = null;
        try {
            stream = new Output(out);
            stream.writeObject(value);
            stream.flush();
        } catch (RefusedClassException e) {
            // ObjectOutputStream then tries to write the exception itself; the first refusal is the one that counts
            String refused = stream != null && stream.refused != null ? stream.refused : e.className();
            throw new CodecException(CodecException.Reason.NOT_ALLOWED, refused, "Cannot serialize "
                    + className(value) + ": it holds class " + refused + ", which is " + notAllowed(), e);
        } catch (NotSerializableException e) {
            throw new CodecException(CodecException.Reason.NOT_SERIALIZABLE, e.getMessage(), "Cannot serialize "
                    + className(value) + ": class " + e.getMessage() + " is not serializable", e);
        } catch (IOException | RuntimeException e) {
            throw nestedOr(e, CodecException.Reason.FAILED, className(value), "Cannot serialize " + className(value) + ": " + e);
        } catch (StackOverflowError e) {
            throw new CodecException(CodecException.Reason.LIMIT_EXCEEDED, className(value),
                    "Cannot serialize " + className(value) + ": object graph too deep", null);
        }
    }

    /** {@link #read(byte[], int, int, ClassLoader)} of the whole array. */
    public Object read(byte[] bytes, ClassLoader preferred) {
        return read(bytes, 0, bytes.length, preferred);
    }

    /**
     * Reads exactly one serialization stream from the given bytes.
     *
     * @param preferred a class loader to try before the chain (e.g. the one Openfire passes to
     *                  {@code readExternalizableCollection}), or null
     * @throws CodecException when the bytes are corrupt, truncated or followed by garbage, exceed a
     *                        limit, or name a class that is not allowed or that no loader knows
     */
    public Object read(byte[] bytes, int offset, int length, ClassLoader preferred) {
        ByteArrayInputStream source = new ByteArrayInputStream(bytes, offset, length);
        Input stream = null;
        try {
            stream = new Input(source, preferred);
            Object value = stream.readObject();
            if (source.available() > 0) {
                throw new CodecException(CodecException.Reason.CORRUPT, null, "Cannot deserialize: "
                        + source.available() + " unexpected bytes after the object", null);
            }
            return value;
        } catch (RefusedClassException e) {
            throw new CodecException(CodecException.Reason.NOT_ALLOWED, e.className(),
                    "Cannot deserialize: class " + e.className() + " is " + notAllowed(), e);
        } catch (ClassNotFoundException e) {
            throw new CodecException(CodecException.Reason.CLASS_NOT_FOUND, e.getMessage(),
                    "Cannot deserialize: no class loader (Openfire or any plugin) knows class " + e.getMessage(), e);
        } catch (InvalidClassException e) {
            String rejection = stream == null ? null : stream.rejection;
            if (rejection != null) {
                throw new CodecException(stream.rejectedClass != null ? CodecException.Reason.NOT_ALLOWED
                        : CodecException.Reason.LIMIT_EXCEEDED, stream.rejectedClass, "Cannot deserialize: " + rejection, e);
            }
            throw nestedOr(e, CodecException.Reason.INCOMPATIBLE_CLASS, e.classname, "Cannot deserialize: " + e.getMessage());
        } catch (IOException e) {
            throw nestedOr(e, CodecException.Reason.CORRUPT, null, "Cannot deserialize: corrupt or truncated bytes (" + e + ")");
        } catch (RuntimeException e) {
            throw nestedOr(e, CodecException.Reason.FAILED, null, "Cannot deserialize: " + e);
        } catch (StackOverflowError e) {
            throw new CodecException(CodecException.Reason.LIMIT_EXCEEDED, null, "Cannot deserialize: object graph too deep", null);
        } finally {
            closeQuietly(stream);
        }
    }

    /** A failure inside a nested codec call (e.g. in writeExternal) keeps its reason and class. */
    private static CodecException nestedOr(Throwable e, CodecException.Reason reason, String className, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CodecException c) {
                return c;
            }
        }
        return new CodecException(reason, className, message, e);
    }

    private String notAllowed() {
        return "not allowed by the codec allow-list (add its package to clustering.codec.allowedPackages to allow it)";
    }

    private static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                throw new IllegalStateException("closing an in-memory stream cannot fail", e);
            }
        }
    }

    private final class Output extends ObjectOutputStream {
        private String refused;

        Output(OutputStream out) throws IOException {
            super(out);
        }

        @Override
        protected void annotateClass(Class<?> cl) throws IOException {
            if (!resolver.allowList().allows(cl.getName()) && refused == null) {
                refused = cl.getName();
            }
            resolver.checkAllowed(cl.getName());
        }

        @Override
        protected void annotateProxyClass(Class<?> cl) throws IOException {
            throw new RefusedClassException(cl.getName());
        }
    }

    private final class Input extends ObjectInputStream {
        private final ClassLoader preferred;
        private String rejection;
        private String rejectedClass;

        Input(InputStream in, ClassLoader preferred) throws IOException {
            super(in);
            this.preferred = preferred;
            setObjectInputFilter(this::check);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            return resolver.resolve(desc.getName(), preferred);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
            throw new RefusedClassException("proxy implementing " + String.join(",", interfaces));
        }

        /** Runs after resolveClass: limits for the whole graph, and the allow-list once more as a safety net. */
        private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
            ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
            if (jvmWide != null && jvmWide.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
                rejectedClass = info.serialClass() == null ? null : info.serialClass().getName();
                return reject("refused by the JVM-wide filter jdk.serialFilter"
                        + (rejectedClass == null ? "" : " (class " + rejectedClass + ")"));
            }
            if (info.depth() > settings.maxDepth()) {
                return reject("object graph deeper than " + settings.maxDepth() + " (the codec's fixed nesting limit)");
            }
            if (info.references() > settings.maxReferences()) {
                return reject("more than " + settings.maxReferences() + " objects (the codec's fixed reference limit)");
            }
            if (info.arrayLength() > settings.maxArrayLength()) {
                return reject("array of " + info.arrayLength() + " elements, more than " + settings.maxArrayLength()
                        + " (the codec's fixed array limit)");
            }
            Class<?> type = info.serialClass();
            if (type != null && !type.isPrimitive() && !settings.allowList().allows(type.getName())) {
                rejectedClass = type.getName();
                return reject("class " + type.getName() + " is " + notAllowed());
            }
            return type == null ? ObjectInputFilter.Status.UNDECIDED : ObjectInputFilter.Status.ALLOWED;
        }

        private ObjectInputFilter.Status reject(String why) {
            if (rejection == null) {
                rejection = why;
            }
            return ObjectInputFilter.Status.REJECTED;
        }
    }
}
