// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.cluster;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

public class NodeID implements Externalizable {
    public static synchronized NodeID getInstance(byte[] nodeIdBytes) {
        throw new UnsupportedOperationException();
    }

    public static synchronized void deleteInstance(byte[] nodeIdBytes) {
        throw new UnsupportedOperationException();
    }

    public NodeID() {
        throw new UnsupportedOperationException();
    }

    public boolean equals(byte[] anotherID) {
        throw new UnsupportedOperationException();
    }

    public byte[] toByteArray() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        throw new UnsupportedOperationException();
    }
}
