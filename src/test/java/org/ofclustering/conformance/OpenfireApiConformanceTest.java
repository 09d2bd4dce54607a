package org.ofclustering.conformance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the compile-only declarations in openfire-api against a real Openfire distribution
 * (OPENFIRE_HOME): every declared type, constructor, method and field must exist there with the
 * same kind, static-ness, erased signature and constant value, and every Openfire interface the
 * plugin implements must be implemented completely. Skipped, saying so, without OPENFIRE_HOME.
 */
class OpenfireApiConformanceTest {
    private static URLClassLoader openfire;
    private static Path stubRoot;

    @BeforeAll
    static void openDistribution() throws IOException {
        String home = System.getenv("OPENFIRE_HOME");
        if (home == null || home.isBlank()) {
            return; // each test reports itself skipped, with the reason
        }
        Path lib = Paths.get(home, "lib");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList())) {
                jars.add(p.toUri().toURL());
            }
        }
        assertTrue(jars.stream().anyMatch(u -> u.getPath().contains("xmppserver")),
                "OPENFIRE_HOME/lib has no xmppserver jar: " + lib);
        openfire = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        stubRoot = Paths.get(Objects.requireNonNull(System.getProperty("openfire.api.classes",
                Paths.get("openfire-api", "target", "classes").toString())));
        assertTrue(Files.isDirectory(stubRoot), "openfire-api classes not found at " + stubRoot);
    }

    private static void requireOpenfire() {
        Assumptions.assumeTrue(openfire != null, "OPENFIRE_HOME is not set: conformance with a real Openfire is not checked");
    }

    @Test
    void everyDeclarationExistsInOpenfire() throws Exception {
        requireOpenfire();
        List<String> problems = new ArrayList<>();
        int members = 0;
        try (URLClassLoader stubs = new StubsFirstLoader(stubRoot, openfire)) {
            for (String name : stubClassNames()) {
                Class<?> stub = Class.forName(name, false, stubs);
                if (stub.isSynthetic()) {
                    continue;
                }
                Class<?> real;
                try {
                    real = Class.forName(name, false, openfire);
                } catch (ClassNotFoundException e) {
                    problems.add("missing type " + name);
                    continue;
                }
                compareKind(stub, real, problems);
                for (Constructor<?> c : stub.getDeclaredConstructors()) {
                    if (Modifier.isPrivate(c.getModifiers()) || c.isSynthetic()) {
                        continue;
                    }
                    members++;
                    try {
                        real.getDeclaredConstructor(resolve(c.getParameterTypes()));
                    } catch (NoSuchMethodException e) {
                        problems.add("missing constructor " + name + Arrays.toString(names(c.getParameterTypes())));
                    }
                }
                for (Method m : stub.getDeclaredMethods()) {
                    if (Modifier.isPrivate(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
                        continue;
                    }
                    members++;
                    compareMethod(name, m, real, problems);
                }
                for (Field f : stub.getDeclaredFields()) {
                    if (Modifier.isPrivate(f.getModifiers()) || f.isSynthetic()) {
                        continue;
                    }
                    members++;
                    compareField(name, f, real, problems);
                }
            }
        }
        assertTrue(problems.isEmpty(), "openfire-api differs from Openfire:\n" + String.join("\n", problems));
        System.out.println("openfire-api conformance: " + stubClassNames().size() + " types, " + members + " members match");
    }

    private static void compareKind(Class<?> stub, Class<?> real, List<String> problems) {
        if (stub.isInterface() != real.isInterface() || stub.isEnum() != real.isEnum()
                || Modifier.isStatic(stub.getModifiers()) != Modifier.isStatic(real.getModifiers())
                || (Modifier.isAbstract(stub.getModifiers()) && !stub.isInterface()) != (Modifier.isAbstract(real.getModifiers()) && !real.isInterface())
                || Modifier.isFinal(stub.getModifiers()) != Modifier.isFinal(real.getModifiers())) {
            problems.add("kind differs for " + stub.getName() + ": declared " + Modifier.toString(stub.getModifiers())
                    + (stub.isInterface() ? " interface" : "") + ", Openfire " + Modifier.toString(real.getModifiers())
                    + (real.isInterface() ? " interface" : ""));
        }
    }

    private static void compareMethod(String owner, Method m, Class<?> real, List<String> problems) throws ClassNotFoundException {
        Method r;
        try {
            r = real.getDeclaredMethod(m.getName(), resolve(m.getParameterTypes()));
        } catch (NoSuchMethodException e) {
            problems.add("missing method " + owner + "." + m.getName() + Arrays.toString(names(m.getParameterTypes())));
            return;
        }
        if (!r.getReturnType().getName().equals(m.getReturnType().getName())) {
            problems.add("return type of " + owner + "." + m.getName() + ": declared " + m.getReturnType().getName()
                    + ", Openfire " + r.getReturnType().getName());
        }
        if (Modifier.isStatic(r.getModifiers()) != Modifier.isStatic(m.getModifiers())
                || r.isDefault() != m.isDefault()
                || Modifier.isAbstract(r.getModifiers()) != Modifier.isAbstract(m.getModifiers())
                || Modifier.isPublic(r.getModifiers()) != Modifier.isPublic(m.getModifiers())) {
            problems.add("modifiers of " + owner + "." + m.getName() + ": declared " + Modifier.toString(m.getModifiers())
                    + (m.isDefault() ? " default" : "") + ", Openfire " + Modifier.toString(r.getModifiers())
                    + (r.isDefault() ? " default" : ""));
        }
    }

    private static void compareField(String owner, Field f, Class<?> real, List<String> problems) throws IOException {
        Field r;
        try {
            r = real.getDeclaredField(f.getName());
        } catch (NoSuchFieldException e) {
            problems.add("missing field " + owner + "." + f.getName());
            return;
        }
        if (!r.getType().getName().equals(f.getType().getName())
                || Modifier.isStatic(r.getModifiers()) != Modifier.isStatic(f.getModifiers())
                || Modifier.isFinal(r.getModifiers()) != Modifier.isFinal(f.getModifiers())) {
            problems.add("field " + owner + "." + f.getName() + " differs: declared " + Modifier.toString(f.getModifiers())
                    + " " + f.getType().getName() + ", Openfire " + Modifier.toString(r.getModifiers()) + " " + r.getType().getName());
            return;
        }
        Object declared = ClassFileConstants.read(f.getDeclaringClass().getClassLoader(), owner).get(f.getName());
        Object actual = ClassFileConstants.read(openfire, owner).get(f.getName());
        if (!Objects.equals(declared, actual)) {
            problems.add("constant " + owner + "." + f.getName() + ": declared " + declared + ", Openfire " + actual);
        }
    }

    @Test
    void everyImplementedOpenfireInterfaceIsComplete() throws Exception {
        requireOpenfire();
        List<URL> urls = new ArrayList<>();
        Path pluginClasses = Paths.get("target", "classes");
        urls.add(pluginClasses.toUri().toURL());
        // The plugin's own runtime dependencies (Lettuce, amqp-client, ...) but none of what Openfire provides.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && !entry.matches(".*(tinder|dom4j|slf4j|jsr305|junit|opentest4j|apiguardian|mariadb).*")) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (URLClassLoader plugin = new URLClassLoader(urls.toArray(URL[]::new), openfire)) {
            List<String> names;
            try (Stream<Path> files = Files.walk(pluginClasses)) {
                names = files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> pluginClasses.relativize(p).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", ""))
                        .collect(Collectors.toList());
            }
            for (String name : names) {
                Class<?> c = Class.forName(name, false, plugin);
                if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                    continue;
                }
                if (!implementsOpenfireType(c)) {
                    continue;
                }
                checked++;
                for (Method m : c.getMethods()) {
                    if (Modifier.isAbstract(m.getModifiers())) {
                        problems.add(name + " does not implement " + m.getDeclaringClass().getName() + "." + m.getName()
                                + Arrays.toString(names(m.getParameterTypes())));
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), "incomplete implementations of Openfire interfaces:\n" + String.join("\n", problems));
        System.out.println("openfire-api conformance: " + checked + " plugin classes implement Openfire types completely");
    }

    private static boolean implementsOpenfireType(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                if (i.getName().startsWith("org.jivesoftware.") || i.getName().startsWith("org.xmpp.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Loads the declarations from openfire-api first; Tinder, dom4j and the like come from Openfire. */
    private static final class StubsFirstLoader extends URLClassLoader {
        private final Path root;

        StubsFirstLoader(Path root, ClassLoader openfire) throws IOException {
            super(new URL[]{root.toUri().toURL()}, openfire);
            this.root = root;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && Files.exists(root.resolve(name.replace('.', File.separatorChar) + ".class"))) {
                    c = findClass(name);
                }
                return c != null ? c : super.loadClass(name, resolve);
            }
        }
    }

    private static List<String> stubClassNames() throws IOException {
        try (Stream<Path> files = Files.walk(stubRoot)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> stubRoot.relativize(p).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", ""))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static Class<?>[] resolve(Class<?>[] stubTypes) throws ClassNotFoundException {
        Class<?>[] result = new Class<?>[stubTypes.length];
        for (int i = 0; i < stubTypes.length; i++) {
            Class<?> t = stubTypes[i];
            result[i] = t.isPrimitive() ? t : Class.forName(t.getName(), false, openfire);
        }
        return result;
    }

    private static String[] names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getName).toArray(String[]::new);
    }
}
