package org.ofclustering.codec;

import java.io.InvalidClassException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a class name read from a stream into a class: refuses names outside the allow-list before
 * any loader sees them, then asks a preferred loader (when the caller has one) and the chain.
 * Classes found through the chain are remembered until the chain's list of loaders changes, so a
 * plugin class costs one lookup, not one failed lookup per plugin on every decode.
 */
final class ClassResolver {
    private final ClassAllowList allowList;
    private final ClassLoaderChain chain;
    private volatile Snapshot snapshot = new Snapshot(List.of(), new ConcurrentHashMap<>());

    private record Snapshot(List<ClassLoader> loaders, Map<String, Class<?>> classes) {
    }

    ClassResolver(ClassAllowList allowList, ClassLoaderChain chain) {
        this.allowList = allowList;
        this.chain = chain;
    }

    ClassAllowList allowList() {
        return allowList;
    }

    /** Fails with {@link RefusedClassException} when the class is not allowed. */
    void checkAllowed(String name) throws RefusedClassException {
        if (!allowList.allows(name)) {
            throw new RefusedClassException(name);
        }
    }

    /**
     * @param preferred a loader to try before the chain, or null
     */
    Class<?> resolve(String name, ClassLoader preferred) throws RefusedClassException, ClassNotFoundException {
        checkAllowed(name);
        Class<?> primitive = primitive(name);
        if (primitive != null) {
            return primitive;
        }
        if (name.startsWith("[")) {
            return resolveArray(name, preferred);
        }
        if (preferred != null) {
            try {
                return Class.forName(name, false, preferred);
            } catch (ClassNotFoundException e) {
                // not the caller's class: the chain may still know it
            }
        }
        Snapshot current = current();
        Class<?> known = current.classes().get(name);
        if (known != null) {
            return known;
        }
        Class<?> loaded = null;
        for (ClassLoader loader : current.loaders()) {
            try {
                loaded = Class.forName(name, false, loader);
                break;
            } catch (ClassNotFoundException e) {
                // try the next loader
            }
        }
        if (loaded == null) {
            throw new ClassNotFoundException(name);
        }
        current.classes().put(name, loaded);
        return loaded;
    }

    private Class<?> resolveArray(String name, ClassLoader preferred) throws RefusedClassException, ClassNotFoundException {
        int dims = name.lastIndexOf('[') + 1;
        String component = name.substring(dims);
        Class<?> type;
        if (component.length() == 1) {
            return Class.forName(name); // array of a primitive type
        } else if (component.startsWith("L") && component.endsWith(";")) {
            type = resolve(component.substring(1, component.length() - 1), preferred);
        } else {
            throw new ClassNotFoundException(name);
        }
        for (int i = 0; i < dims; i++) {
            type = type.arrayType();
        }
        return type;
    }

    private Snapshot current() {
        List<ClassLoader> loaders = chain.get();
        Snapshot s = snapshot;
        if (!s.loaders().equals(loaders)) {
            s = new Snapshot(List.copyOf(loaders), new ConcurrentHashMap<>());
            snapshot = s;
        }
        return s;
    }

    private static Class<?> primitive(String name) {
        switch (name) {
            case "boolean": return boolean.class;
            case "byte": return byte.class;
            case "char": return char.class;
            case "short": return short.class;
            case "int": return int.class;
            case "long": return long.class;
            case "float": return float.class;
            case "double": return double.class;
            case "void": return void.class;
            default: return null;
        }
    }

    /** A class refused by the allow-list; never loaded. */
    static final class RefusedClassException extends InvalidClassException {
        RefusedClassException(String className) {
            super(className, "class is not allowed by the codec allow-list");
        }

        String className() {
            return classname;
        }
    }
}
