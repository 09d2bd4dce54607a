package org.ofclustering.codec;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes compiled at test time into a temporary directory and loadable only through this loader
 * (as a plugin's classes are loadable only through its plugin class loader). Records every class
 * name it is asked for, so a test can prove a refused class was never loaded.
 */
public final class SeparateClassLoader extends URLClassLoader {
    private final Set<String> requested = ConcurrentHashMap.newKeySet();

    private SeparateClassLoader(Path dir) throws IOException {
        super(new URL[] {dir.toUri().toURL()}, SeparateClassLoader.class.getClassLoader());
    }

    /**
     * @param sources fully qualified class name to Java source
     */
    public static SeparateClassLoader compile(Path dir, Map<String, String> sources) throws IOException {
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-classpath", System.getProperty("java.class.path")));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("compiling test classes failed: " + errors);
        }
        return new SeparateClassLoader(dir);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        requested.add(name);
        return super.loadClass(name, resolve);
    }

    /** Every class name this loader was asked for. */
    public Set<String> requested() {
        return requested;
    }

    /** A new instance of a compiled class through its public no-argument constructor. */
    public Object newInstance(String className) throws ReflectiveOperationException {
        return loadClass(className).getConstructor().newInstance();
    }
}
