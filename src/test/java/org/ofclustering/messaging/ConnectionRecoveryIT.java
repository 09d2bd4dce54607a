package org.ofclustering.messaging;

import org.junit.jupiter.api.Test;
import org.ofclustering.config.BrokerAddress;
import org.ofclustering.config.RabbitSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.testsupport.TcpProxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node A reaches the broker through two loopback proxies (a two-address broker list). All of A's
 * connections are cut and the first proxy refuses new ones while both nodes keep sending to each other:
 * A's sends fail fast while it is disconnected, A recovers through the second address, and every
 * task whose publish was confirmed runs exactly once on its target.
 */
class ConnectionRecoveryIT {
    private static final int MAX_TASKS = 3_000;

    @Test
    void connectionLossFailsFastRecoversThroughTheNextBrokerAndLosesNoConfirmedTask() throws Exception {
        try (TcpProxy first = new TcpProxy(TestCluster.HOST, TestCluster.PORT);
             TcpProxy second = new TcpProxy(TestCluster.HOST, TestCluster.PORT);
             TestCluster cluster = new TestCluster()) {
            RabbitSettings viaProxies = new RabbitSettings(List.of(new BrokerAddress("127.0.0.1", first.port()),
                    new BrokerAddress("127.0.0.1", second.port())), "/", "guest", Secret.ofNullable("guest"), false, true, Duration.ofSeconds(5));
            TaskTransport a = cluster.start("node-a", viaProxies, TestCluster.settings());
            TaskTransport b = cluster.start("node-b");

            AtomicBoolean stop = new AtomicBoolean();
            Traffic aToB = new Traffic(a, "node-b", stop);
            Traffic bToA = new Traffic(b, "node-a", stop);
            aToB.start();
            bToA.start();
            TaskTransportIT.eventually("traffic flows", () -> aToB.confirmed.size() > 100 && bToA.confirmed.size() > 100);

            // the client spreads connections over the listed brokers at random: cut A's connections
            // through both, and let only the second accept new ones
            first.setRefusing(true);
            second.cutConnections();
            TaskTransportIT.eventually("node-a notices the loss", () -> !a.isConnected());
            TaskTransportIT.eventually("node-a recovers through the second broker address", a::isConnected);
            int confirmedAtRecovery = aToB.confirmed.size();
            TaskTransportIT.eventually("node-a sends again after recovery", () -> aToB.confirmed.size() > confirmedAtRecovery + 100);
            stop.set(true);
            aToB.join(60_000);
            bToA.join(60_000);

            assertTrue(aToB.failedFast.get() > 0, "sends while disconnected failed fast with TransportUnavailableException");
            assertEquals(0, aToB.otherFailures.get() + bToA.otherFailures.get(), "no failure other than a lost connection");
            assertAllRanOnce("node-a to node-b", aToB.confirmed, cluster.handler("node-b"));
            assertAllRanOnce("node-b to node-a", bToA.confirmed, cluster.handler("node-a"));
        }
    }

    private static void assertAllRanOnce(String what, Set<String> confirmed, RecordingHandler target) throws InterruptedException {
        TaskTransportIT.eventually(what + ": every confirmed task ran", () -> {
            Set<String> ran = new HashSet<>();
            target.records().forEach(r -> ran.add(r.id()));
            return ran.containsAll(confirmed);
        });
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        target.records().forEach(r -> runs.merge(r.id(), 1, Integer::sum));
        runs.values().removeIf(n -> n == 1);
        assertTrue(runs.isEmpty(), what + ": tasks ran more than once: " + runs);
    }

    /** One sender: numbered tasks, one lane per ten, a short pause between sends. */
    private static final class Traffic extends Thread {
        final Set<String> confirmed = ConcurrentHashMap.newKeySet();
        final AtomicInteger failedFast = new AtomicInteger();
        final AtomicInteger otherFailures = new AtomicInteger();
        private final TaskTransport from;
        private final String to;
        private final AtomicBoolean stop;

        Traffic(TaskTransport from, String to, AtomicBoolean stop) {
            super("traffic-" + from.localNodeId());
            this.from = from;
            this.to = to;
            this.stop = stop;
        }

        @Override
        public void run() {
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 1; i <= MAX_TASKS && !stop.get() && System.nanoTime() < deadline; i++) {
                TestTasks.Record r = new TestTasks.Record(from.localNodeId(), "lane" + (i % 10), i, 0);
                try {
                    CompletableFuture<Void> f = from.send(to, RecordingHandler.envelope(r));
                    f.whenComplete((v, e) -> {
                        if (e == null) {
                            confirmed.add(r.id());
                        } else if (!(e instanceof TransportUnavailableException)) {
                            otherFailures.incrementAndGet();
                        }
                    });
                    pending.add(f);
                } catch (TransportUnavailableException e) {
                    failedFast.incrementAndGet();
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (CompletableFuture<Void> f : pending) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // counted by the callback above
                } catch (Exception e) {
                    otherFailures.incrementAndGet();
                }
            }
        }
    }
}
