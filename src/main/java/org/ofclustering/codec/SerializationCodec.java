package org.ofclustering.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization with class resolution through a {@link ClassLoaderChain} and an allow-list
 * enforced before any class is loaded. Strings, numbers and byte arrays go through the same path,
 * which keeps one format for every key and value.
 */
public final class SerializationCodec implements ObjectCodec {
    private final ClassAllowList allowList;
    private final ClassLoaderChain loaders;

    public SerializationCodec(ClassAllowList allowList, ClassLoaderChain loaders) {
        this.allowList = allowList;
        this.loaders = loaders;
    }

    @Override
    public byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new CodecException("Cannot serialize " + className(value) + ": " + e.getMessage() + " is not serializable", e);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("Cannot serialize " + className(value) + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (ObjectInputStream in = new Input(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new CodecException("Cannot deserialize: no class loader knows class " + e.getMessage(), e);
        } catch (InvalidClassException e) {
            throw new CodecException("Cannot deserialize: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("Cannot deserialize: corrupt or truncated bytes (" + e + ")", e);
        }
    }

    private static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private final class Input extends ObjectInputStream {
        Input(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            String name = desc.getName();
            if (!allowList.allows(name)) {
                throw new InvalidClassException(name, "class is not in the deserialization allow-list");
            }
            switch (name) {
                case "boolean": return boolean.class;
                case "byte": return byte.class;
                case "char": return char.class;
                case "short": return short.class;
                case "int": return int.class;
                case "long": return long.class;
                case "float": return float.class;
                case "double": return double.class;
                default: break;
            }
            if (name.startsWith("[")) {
                return Class.forName(name, false, loaderOfComponent(name));
            }
            return loaders.load(name);
        }

        private ClassLoader loaderOfComponent(String arrayName) throws ClassNotFoundException {
            int i = arrayName.lastIndexOf('[') + 1;
            if (arrayName.charAt(i) != 'L') {
                return SerializationCodec.class.getClassLoader();
            }
            return loaders.load(arrayName.substring(i + 1, arrayName.length() - 1)).getClassLoader();
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
            throw new InvalidClassException(String.join(",", interfaces), "proxy classes are never deserialized");
        }
    }

}
