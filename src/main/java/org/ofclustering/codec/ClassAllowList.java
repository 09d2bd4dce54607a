package org.ofclustering.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which classes may be instantiated when decoding (and written when encoding). An entry is either a
 * package tree ({@code com.example.} or {@code com.example.*}) or one class ({@code com.example.Foo},
 * which also covers its nested classes {@code com.example.Foo$Bar}). A class is allowed when an
 * allowed entry matches it and no denied entry does. Arrays are judged by their component type;
 * primitives are always allowed.
 */
public final class ClassAllowList {
    /** What every cluster needs: the JDK value types, Openfire, Tinder, dom4j and this plugin. */
    public static final List<String> DEFAULT_PREFIXES = List.of(
            "java.lang.", "java.util.", "java.time.", "java.math.", "java.net.", "java.io.", "java.sql.Timestamp",
            "java.sql.Date", "java.sql.Time", "java.text.", "java.nio.charset.", "java.security.cert.", "javax.security.auth.x500.",
            "org.jivesoftware.", "org.xmpp.", "org.dom4j.", "org.ofclustering.");

    /**
     * Refused even inside allowed packages: lambdas and reflection (known deserialization gadgets),
     * {@code java.net.URL} (its hashCode resolves host names, the classic "URLDNS" probe), and the
     * third-party libraries relocated into this plugin.
     */
    public static final List<String> DEFAULT_DENIED = List.of(
            "java.lang.invoke.", "java.lang.reflect.", "java.net.URL", "org.ofclustering.shaded.");

    private static final Pattern ENTRY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?");
    private static final int MAX_REMEMBERED = 10_000;

    private final List<String> allowed;
    private final List<String> denied;
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    /** Exactly the given entries, with the default denied entries. */
    public ClassAllowList(List<String> prefixes) {
        this(prefixes, DEFAULT_DENIED);
    }

    /**
     * @throws IllegalArgumentException when an entry is not a package or class name
     */
    public ClassAllowList(List<String> allowed, List<String> denied) {
        this.allowed = normalise(allowed);
        this.denied = normalise(denied);
    }

    /** The default entries plus the given extra ones (e.g. from the configuration). */
    public static ClassAllowList withDefaults(List<String> extra) {
        List<String> all = new ArrayList<>(DEFAULT_PREFIXES);
        all.addAll(extra);
        return new ClassAllowList(all, DEFAULT_DENIED);
    }

    /**
     * The default entries plus a comma-separated list, the form of the
     * {@code clustering.codec.allowedPackages} property (null or blank: defaults only).
     *
     * @throws IllegalArgumentException naming the first entry that is not a package or class name
     */
    public static ClassAllowList withDefaults(String commaSeparated) {
        List<String> extra = new ArrayList<>();
        if (commaSeparated != null) {
            for (String entry : commaSeparated.split(",")) {
                if (!entry.isBlank()) {
                    extra.add(entry.trim());
                }
            }
        }
        return withDefaults(extra);
    }

    private static List<String> normalise(List<String> entries) {
        List<String> result = new ArrayList<>(entries.size());
        for (String entry : entries) {
            Objects.requireNonNull(entry, "allow-list entry");
            String e = entry.endsWith(".*") ? entry.substring(0, entry.length() - 1) : entry;
            if (!ENTRY.matcher(e).matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not a package (com.example. or com.example.*) "
                        + "or class name (com.example.Foo)");
            }
            result.add(e);
        }
        return List.copyOf(result);
    }

    /** True when instances of the class (or array of it) may be decoded. */
    public boolean allows(String className) {
        Objects.requireNonNull(className, "className");
        Boolean known = decisions.get(className);
        if (known != null) {
            return known;
        }
        boolean decision = decide(className);
        if (decisions.size() < MAX_REMEMBERED) {
            decisions.put(className, decision);
        }
        return decision;
    }

    private boolean decide(String className) {
        String name = className;
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims > 0) {
            name = name.substring(dims);
            if (name.length() == 1) {
                return "ZBCSIJFD".contains(name); // primitive array component
            }
            if (!name.startsWith("L") || !name.endsWith(";")) {
                return false;
            }
            name = name.substring(1, name.length() - 1);
        }
        return matchesAny(name, allowed) && !matchesAny(name, denied);
    }

    private static boolean matchesAny(String name, List<String> entries) {
        for (String e : entries) {
            if (e.endsWith(".")) {
                if (name.startsWith(e)) {
                    return true;
                }
            } else if (name.equals(e) || (name.startsWith(e) && name.charAt(e.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    /** The allowed entries (package trees end with '.'). */
    public List<String> prefixes() {
        return allowed;
    }

    /** The denied entries, which win over allowed ones. */
    public List<String> denied() {
        return denied;
    }
}
