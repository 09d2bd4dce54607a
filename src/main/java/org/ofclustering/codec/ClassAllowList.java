package org.ofclustering.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Packages whose classes may be instantiated when decoding. A class is allowed when its name starts
 * with one of the prefixes (a prefix ends with '.' for a package tree, or is a full class name).
 * Arrays are judged by their component type; primitives are always allowed.
 */
public final class ClassAllowList {
    /** What every cluster needs: the JDK, Openfire, Tinder, dom4j and this plugin. */
    public static final List<String> DEFAULT_PREFIXES = List.of(
            "java.lang.", "java.util.", "java.time.", "java.math.", "java.net.", "java.io.", "java.sql.Timestamp",
            "java.sql.Date", "java.sql.Time", "java.text.", "java.nio.charset.", "java.security.cert.", "javax.security.auth.x500.",
            "org.jivesoftware.", "org.xmpp.", "org.dom4j.", "org.ofclustering.");

    private final List<String> prefixes;

    public ClassAllowList(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** The default prefixes plus the given extra ones (e.g. from the configuration). */
    public static ClassAllowList withDefaults(List<String> extra) {
        List<String> all = new ArrayList<>(DEFAULT_PREFIXES);
        all.addAll(extra);
        return new ClassAllowList(all);
    }

    public boolean allows(String className) {
        Objects.requireNonNull(className, "className");
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return true; // primitive array component
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public List<String> prefixes() {
        return prefixes;
    }
}
