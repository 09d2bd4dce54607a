// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire;

import org.jivesoftware.openfire.cluster.NodeID;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.handler.PresenceUpdateHandler;

public class XMPPServer {
    public XMPPServer() { throw new UnsupportedOperationException(); }
    public static XMPPServer getInstance() { throw new UnsupportedOperationException(); }
    public XMPPServerInfo getServerInfo() { throw new UnsupportedOperationException(); }
    public NodeID getNodeID() { throw new UnsupportedOperationException(); }
    public boolean isShuttingDown() { throw new UnsupportedOperationException(); }
    public boolean isStarted() { throw new UnsupportedOperationException(); }
    public MessageRouter getMessageRouter() { throw new UnsupportedOperationException(); }
    public IQRouter getIQRouter() { throw new UnsupportedOperationException(); }
    public PresenceRouter getPresenceRouter() { throw new UnsupportedOperationException(); }
    public RoutingTable getRoutingTable() { throw new UnsupportedOperationException(); }
    public PluginManager getPluginManager() { throw new UnsupportedOperationException(); }
    public org.jivesoftware.openfire.filetransfer.proxy.FileTransferProxy getFileTransferProxy() { throw new UnsupportedOperationException(); }
    public PresenceUpdateHandler getPresenceUpdateHandler() { throw new UnsupportedOperationException(); }
}
