package org.ofclustering.lock;

/**
 * A cluster lock the calling thread holds was lost before the thread changed a clustered entry
 * under it: its lease ended without renewal, or Redis lost the key (a restart without data, a
 * failover to a replica that had not received it), so another node may hold it now. The change
 * was not made; the thread should leave its critical section.
 */
public final class ClusterLockLostException extends IllegalMonitorStateException {
    public ClusterLockLostException(String message) {
        super(message);
    }
}
