package org.ofclustering.config;

import java.util.Arrays;

/**
 * A password or key. Its {@link #toString()} never reveals the value, so a secret can travel
 * through log statements and status pages without leaking.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** A secret of the given text, or null when the text is null or empty. */
    public static Secret ofNullable(String text) {
        return text == null || text.isEmpty() ? null : new Secret(text.toCharArray());
    }

    public char[] chars() {
        return value.clone();
    }

    public String reveal() {
        return new String(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "********";
    }
}
