// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.cluster;

public interface ClusterNodeInfo {
    String getHostName();
    NodeID getNodeID();
    long getJoinedTime();
    boolean isSeniorMember();
}
