package org.ofclustering.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Key names of one cluster. Every key starts with {@code ofc:} and carries the cluster name, and
 * every key of one logical structure (a cache, the membership registry, a lock family) shares one
 * hash tag, so that in Redis Cluster a Lua script over that structure touches a single slot:
 * {@code ofc:{<cluster>:<structure>}:<part>}.
 */
public final class KeySpace {
    /**
     * The structure of the membership registry. Cluster locks live under it too, so that a lock
     * script can read its owner's lease key in the same Redis Cluster slot.
     */
    public static final String MEMBERSHIP = "membership";

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String clusterName;

    public KeySpace(String clusterName) {
        Objects.requireNonNull(clusterName, "clusterName");
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("cluster name '" + clusterName
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        this.clusterName = clusterName;
    }

    public String clusterName() {
        return clusterName;
    }

    /** The hash-tagged prefix of one structure: {@code ofc:{cluster:structure}}. Braces in the name are replaced. */
    public String structure(String structureName) {
        return "ofc:{" + clusterName + ":" + structureName.replace('{', '(').replace('}', ')') + "}";
    }

    /** One key of a structure: {@code ofc:{cluster:structure}:part}. */
    public String key(String structureName, String part) {
        return structure(structureName) + ":" + part;
    }

    /** {@link #key(String, String)} as UTF-8 bytes, the form the byte-array codec of the connector takes. */
    public byte[] keyBytes(String structureName, String part) {
        return key(structureName, part).getBytes(StandardCharsets.UTF_8);
    }

    /** Pattern matching every key of this cluster, for cleanup and for memory accounting. */
    public String allKeysPattern() {
        return "ofc:{" + clusterName + ":*";
    }
}
