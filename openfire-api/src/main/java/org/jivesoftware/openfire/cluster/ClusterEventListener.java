// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.cluster;

public interface ClusterEventListener {
    void joinedCluster();
    void joinedCluster(byte[] nodeID);
    void leftCluster();
    void leftCluster(byte[] nodeID);
    void markedAsSeniorClusterMember();
}
