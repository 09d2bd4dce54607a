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
 * A listener registered first tells when core's caches have been switched to local ones (the
 * dispatcher does that before any listener): threads caught in a fence may go to those from then
 * on, which also frees whatever they hold that core's own listeners may need.
 */
final class LeftClusterWait {
    private static final Logger Log = LoggerFactory.getLogger(LeftClusterWait.class);

    private LeftClusterWait() {
    }

    static void fireAndWait(Duration timeout) {
        fireAndWait(timeout, () -> { });
    }

    /**
     * @param cachesLocal runs on Openfire's event thread once core's caches are local, before any
     *                    of core's listeners handles the event
     */
    static void fireAndWait(Duration timeout, Runnable cachesLocal) {
        CountDownLatch handled = new CountDownLatch(1);
        ClusterEventListener first = new Marker(cachesLocal);
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
        ClusterManager.addListener(first, Integer.MIN_VALUE);
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
            ClusterManager.removeListener(first);
        }
    }

    /** Runs an action when this node's "left cluster" event reaches the listeners. */
    private static final class Marker implements ClusterEventListener {
        private final Runnable onLeft;

        Marker(Runnable onLeft) {
            this.onLeft = onLeft;
        }

        @Override
        public void joinedCluster() {
        }

        @Override
        public void joinedCluster(byte[] nodeID) {
        }

        @Override
        public void leftCluster() {
            onLeft.run();
        }

        @Override
        public void leftCluster(byte[] nodeID) {
        }

        @Override
        public void markedAsSeniorClusterMember() {
        }
    }
}
