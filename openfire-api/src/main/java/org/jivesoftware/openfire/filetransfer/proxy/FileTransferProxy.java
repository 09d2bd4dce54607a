// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.filetransfer.proxy;

public class FileTransferProxy {
    private FileTransferProxy() { throw new UnsupportedOperationException(); }
    public void start() { throw new UnsupportedOperationException(); }
    public void stop() { throw new UnsupportedOperationException(); }
    public boolean isProxyEnabled() { throw new UnsupportedOperationException(); }
}
