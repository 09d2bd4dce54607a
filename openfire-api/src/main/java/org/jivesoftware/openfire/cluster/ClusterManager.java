// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.cluster;

public class ClusterManager {
    public static String CLUSTER_PROPERTY_NAME = "clustering.enabled";

    public static void addListener(ClusterEventListener listener) { throw new UnsupportedOperationException(); }
    public static void addListener(ClusterEventListener listener, int sequence) { throw new UnsupportedOperationException(); }
    public static void removeListener(ClusterEventListener listener) { throw new UnsupportedOperationException(); }
    public static void fireJoinedCluster(boolean asynchronous) { throw new UnsupportedOperationException(); }
    public static void fireJoinedCluster(byte[] nodeID, boolean asynchronous) { throw new UnsupportedOperationException(); }
    public static void fireLeftCluster() { throw new UnsupportedOperationException(); }
    public static void fireLeftCluster(byte[] nodeID) { throw new UnsupportedOperationException(); }
    public static void fireMarkedAsSeniorClusterMember() { throw new UnsupportedOperationException(); }
    public static synchronized void startup() { throw new UnsupportedOperationException(); }
    public static synchronized void shutdown() { throw new UnsupportedOperationException(); }
    public static boolean isClusteringEnabled() { throw new UnsupportedOperationException(); }
    public static boolean isClusteringStarted() { throw new UnsupportedOperationException(); }
}
