package org.ofclustering.codec;

import java.util.List;
import java.util.function.Supplier;

/**
 * The class loaders to try, in order, when a class named in serialized bytes must be loaded:
 * usually Openfire's own, then every plugin's. A supplier, because plugins come and go; an
 * implementation should return the same list (equal elements) while nothing changed, since
 * decoders remember resolved classes for as long as the list stays equal.
 */
@FunctionalInterface
public interface ClassLoaderChain extends Supplier<List<ClassLoader>> {
    /** Loads (without initialising) the class through the first loader that knows it. */
    default Class<?> load(String name) throws ClassNotFoundException {
        for (ClassLoader loader : get()) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException ignored) {
                // try the next loader; the caller gets one exception naming the class if none knows it
            }
        }
        throw new ClassNotFoundException(name);
    }

    /** The loader of this class and the thread's context loader: enough outside Openfire. */
    static ClassLoaderChain ofDefaults() {
        return () -> {
            ClassLoader own = ClassLoaderChain.class.getClassLoader();
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context == null || context == own ? List.of(own) : List.of(own, context);
        };
    }

    /** A fixed chain of the given loaders, in order. */
    static ClassLoaderChain of(ClassLoader... loaders) {
        List<ClassLoader> list = List.of(loaders);
        return () -> list;
    }
}
