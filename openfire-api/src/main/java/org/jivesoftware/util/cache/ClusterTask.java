// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

import java.io.Externalizable;

public interface ClusterTask<V> extends Runnable, Externalizable {
    V getResult();
}
