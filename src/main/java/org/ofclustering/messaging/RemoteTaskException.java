package org.ofclustering.messaging;

/**
 * A synchronous task failed on the node that ran it (it could not be decoded there, e.g. an
 * unknown class, or its run threw). The message is the remote node's description of the failure.
 */
public class RemoteTaskException extends RuntimeException {
    private final String nodeId;

    public RemoteTaskException(String nodeId, String message) {
        super("task failed on node " + nodeId + ": " + message);
        this.nodeId = nodeId;
    }

    public String nodeId() {
        return nodeId;
    }
}
