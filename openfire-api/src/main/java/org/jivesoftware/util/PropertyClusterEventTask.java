// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util;

import org.jivesoftware.util.cache.ClusterTask;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

public class PropertyClusterEventTask implements ClusterTask<Void> {
    public static PropertyClusterEventTask createPutTask(String key, String value, boolean isEncrypted) { throw new UnsupportedOperationException(); }
    @Override public Void getResult() { throw new UnsupportedOperationException(); }
    @Override public void run() { throw new UnsupportedOperationException(); }
    @Override public void writeExternal(ObjectOutput out) throws IOException { throw new UnsupportedOperationException(); }
    @Override public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException { throw new UnsupportedOperationException(); }
}
