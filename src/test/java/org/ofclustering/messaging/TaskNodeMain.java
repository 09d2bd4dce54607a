package org.ofclustering.messaging;

import org.ofclustering.testsupport.InMemoryCluster;

import java.util.List;

/**
 * A task node in its own JVM, for tests that kill a node: starts a transport in the given test
 * cluster, prints {@code ready}, then prints {@code ran <id>} for every {@link TestTasks.Record}
 * it runs, each after a pause so that tasks are still queued when the test kills it.
 * Arguments: cluster name, own node id, comma-separated member ids in join order, pause in ms,
 * optionally the AMQP heartbeat in seconds.
 */
public final class TaskNodeMain {
    private TaskNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String clusterName = args[0];
        String nodeId = args[1];
        List<String> members = List.of(args[2].split(","));
        int pauseMillis = Integer.parseInt(args[3]);
        MessagingSettings settings = args.length > 4
                ? TestCluster.settings().withHeartbeat(java.time.Duration.ofSeconds(Integer.parseInt(args[4])))
                : TestCluster.settings();
        InMemoryCluster membership = new InMemoryCluster();
        members.forEach(membership::add);
        TaskHandler printing = new TaskHandler() {
            @Override
            public byte[] execute(TaskEnvelope task, String fromNode, boolean replyExpected) throws Exception {
                TestTasks.Record r = (TestTasks.Record) RecordingHandler.CODEC.decode(task.body());
                Thread.sleep(pauseMillis);
                System.out.println("ran " + r.id());
                return null;
            }

            @Override
            public void orphaned(TaskEnvelope task, String targetNode) {
                System.out.println("orphaned " + task.kind());
            }
        };
        TaskTransport transport = new TaskTransport(TestCluster.rabbit(), clusterName, membership.view(nodeId), printing, settings);
        transport.start();
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
