// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

public class ExternalizableUtil {
    public static ExternalizableUtil getInstance() {
        throw new UnsupportedOperationException();
    }

    public void setStrategy(ExternalizableUtilStrategy strategy) {
        throw new UnsupportedOperationException();
    }

    public ExternalizableUtilStrategy getStrategy() {
        throw new UnsupportedOperationException();
    }
}
