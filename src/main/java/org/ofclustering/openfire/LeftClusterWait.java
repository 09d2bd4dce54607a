package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusterEventListener;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fires Openfire's "this node left the cluster" event and waits until every listener has handled
 * it. Openfire dispatches cluster events on its own thread and {@code fireLeftCluster()} does not
 * wait, but core must copy what it needs out of the clustered caches into local ones before the
 * connections to Redis and RabbitMQ close; a listener registered last tells when that is done.
 */
final class LeftClusterWait {
    private static final Logger Log = LoggerFactory.getLogger(LeftClusterWait.class);

    private LeftClusterWait() {
    }

    static void fireAndWait(Duration timeout) {
        CountDownLatch handled = new CountDownLatch(1);
        ClusterEventListener last = new ClusterEventListener() {
            @Override
            public void joinedCluster() {
            }

            @Override
            public void joinedCluster(byte[] nodeID) {
            }

            @Override
            public void leftCluster() {
                handled.countDown();
            }

            @Override
            public void leftCluster(byte[] nodeID) {
            }

            @Override
            public void markedAsSeniorClusterMember() {
            }
        };
        ClusterManager.addListener(last, Integer.MAX_VALUE);
        try {
            ClusterManager.fireLeftCluster();
            if (!handled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warn("Openfire's listeners did not finish handling 'left cluster' within {} s; closing the cluster connections anyway",
                        timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Log.warn("Interrupted while waiting for Openfire to handle 'left cluster'");
        } finally {
            ClusterManager.removeListener(last);
        }
    }
}
