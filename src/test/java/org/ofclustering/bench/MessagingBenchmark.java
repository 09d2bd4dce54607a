package org.ofclustering.bench;

import org.ofclustering.testsupport.InMemoryCluster;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.ofclustering.config.RabbitSettings;
import org.ofclustering.messaging.ClusterTopology;
import org.ofclustering.messaging.MessagingSettings;
import org.ofclustering.messaging.TaskEnvelope;
import org.ofclustering.messaging.TaskHandler;
import org.ofclustering.messaging.TaskTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cluster task transport against the physical limit measured in the same run on the same broker
 * (127.0.0.1:5672), 1 KB bodies, the same delivery guarantees on both sides (durable queue, manual
 * acknowledgements, prefetch 512; one-way messages persistent with publisher confirms; requests
 * transient and mandatory, answered through direct reply-to):
 * <ul>
 * <li>raw round trip: plain amqp-client request to a queue, echoed back by a plain consumer;
 *     synchronous task round trip between two engine nodes against it;</li>
 * <li>raw throughput: one plain publisher with confirms (1000 in flight) to one plain consumer;
 *     asynchronous task throughput between two engine nodes (64 lanes, 1000 in flight) against it.</li>
 * </ul>
 * Raw and engine measurements alternate (round trips one by one, throughput in blocks), so that
 * both see the same machine load. The guarantee can be varied on both sides alike:
 * {@code -Dbench.persistent=false} (transient messages on the durable queue) and
 * {@code -Dbench.queueType=quorum}. After the figures: acknowledgement frames per delivery on the
 * receiving node, and CPU per message of the broker and of this JVM (the raw client, or both engine
 * nodes) during the throughput blocks.
 * Run: {@code scripts/bench.sh MessagingBenchmark} (system properties through {@code BENCH_JAVA_OPTS}).
 */
public final class MessagingBenchmark {
    private static final int BODY = 1024;
    private static final int BLOCKS = 20;
    private static final int ROUND_TRIPS_PER_BLOCK = 250;
    private static final int WARMUP = 1_000;
    private static final int STREAM_BLOCKS = 9;
    private static final int MESSAGES_PER_BLOCK = 5_000;
    private static final int IN_FLIGHT = 1_000;
    private static final int PREFETCH = 512;

    private MessagingBenchmark() {
    }

    /** Something measured in alternation with its raw counterpart. */
    private interface RoundTrip {
        void once() throws Exception;
    }

    private interface Stream {
        void send(int i) throws Exception;

        void awaitReceived(int total) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) 'x');
        String run = UUID.randomUUID().toString().substring(0, 8);
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);

        String cluster = "bench-messaging-" + run;
        InMemoryCluster members = new InMemoryCluster();
        members.add("node-1");
        members.add("node-2");
        AtomicInteger engineReceived = new AtomicInteger();
        TaskHandler echo = new TaskHandler() {
            @Override
            public byte[] execute(TaskEnvelope task, String fromNode, boolean replyExpected) {
                engineReceived.incrementAndGet();
                return task.body();
            }

            @Override
            public void orphaned(TaskEnvelope task, String targetNode) {
                // no node leaves during the benchmark
            }
        };
        boolean persistent = Boolean.parseBoolean(System.getProperty("bench.persistent", "true"));
        MessagingSettings.QueueType queueType = MessagingSettings.QueueType.valueOf(System.getProperty("bench.queueType", "classic").toUpperCase(java.util.Locale.ROOT));
        MessagingSettings settings = MessagingSettings.defaults().withPersistent(persistent).withQueueType(queueType);
        Map<String, Object> rawQueueArgs = queueType == MessagingSettings.QueueType.QUORUM
                ? Map.of("x-expires", 600_000, "x-queue-type", "quorum") : Map.of("x-expires", 600_000);
        boolean rawDurable = true; // node queues are durable whatever the delivery mode
        RabbitSettings rabbit = RabbitSettings.local("127.0.0.1", 5672, "/", "guest", "guest");
        TaskTransport one = new TaskTransport(rabbit, cluster, members.view("node-1"), echo, settings);
        TaskTransport two = new TaskTransport(rabbit, cluster, members.view("node-2"), echo, settings);
        String rpcQueue = "bench-raw-rpc-" + run;
        String streamQueue = "bench-raw-stream-" + run;
        try (Connection client = f.newConnection("bench-raw-client"); Connection server = f.newConnection("bench-raw-server")) {
            one.start();
            two.start();
            RoundTrip raw = rawEcho(client, server, rpcQueue, body);
            TaskEnvelope request = new TaskEnvelope(body, null, "bench.Echo");
            RoundTrip task = () -> one.request("node-2", request, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            long[][] rt = alternate(raw, task);
            double[] rawRt = percentiles(rt[0]);
            double[] taskRt = percentiles(rt[1]);

            Stream rawStream = rawStream(client, server, streamQueue, body, rawDurable, rawQueueArgs, persistent ? 2 : 1);
            TaskEnvelope[] stanzas = new TaskEnvelope[64];
            for (int i = 0; i < stanzas.length; i++) {
                stanzas[i] = new TaskEnvelope(body, "user" + i + "@example.org", "bench.Stanza");
            }
            Semaphore window = new Semaphore(IN_FLIGHT);
            Stream taskStream = new Stream() {
                @Override
                public void send(int i) throws InterruptedException {
                    window.acquire();
                    one.send("node-2", stanzas[i % stanzas.length]).whenComplete((v, e) -> window.release());
                }

                @Override
                public void awaitReceived(int total) throws InterruptedException {
                    awaitCount(engineReceived, total + WARMUP + BLOCKS * ROUND_TRIPS_PER_BLOCK);
                }
            };
            Map<String, double[]> cpu = new java.util.LinkedHashMap<>();
            double[] tput = alternate(rawStream, taskStream, cpu);

            System.out.printf("raw amqp-client round trip   p50 %.3f ms  p99 %.3f ms  (%d samples)%n", rawRt[0], rawRt[1], rt[0].length);
            System.out.printf("sync task round trip         p50 %.3f ms  p99 %.3f ms  p50 ratio to raw %.2f (target <= 1.30), p99 ratio %.2f%n",
                    taskRt[0], taskRt[1], taskRt[0] / rawRt[0], taskRt[1] / rawRt[1]);
            System.out.printf("raw amqp-client throughput   %.0f msg/s  (%d messages)%n", tput[0], STREAM_BLOCKS * MESSAGES_PER_BLOCK);
            System.out.printf("guarantee                    %s messages, %s queue, publisher confirms, mandatory%n",
                    persistent ? "persistent" : "transient", queueType.name().toLowerCase(java.util.Locale.ROOT));
            System.out.printf("async task throughput        %.0f msg/s  ratio to raw %.2f (target >= 0.90)%n", tput[1], tput[1] / tput[0]);
            // CPU per message during the throughput blocks: the broker, and this JVM (raw client, or both engine nodes)
            double n = STREAM_BLOCKS * MESSAGES_PER_BLOCK;
            cpu.forEach((label, secs) -> System.out.printf("CPU/msg (us) %-15s raw %.1f, tasks %.1f%n",
                    label.startsWith("XMPP") ? "this JVM" : label, secs[0] * 1e6 / n, secs[1] * 1e6 / n));
            long[] acks = two.nodeQueueAcknowledgements();
            System.out.printf("acknowledgement frames       %d for %d deliveries (%.2f per delivery; raw side: 1.00)%n",
                    acks[1], acks[0], acks[0] == 0 ? 0.0 : (double) acks[1] / acks[0]);
        } finally {
            one.close();
            two.close();
            try (Connection c = f.newConnection("bench-cleanup"); Channel ch = c.createChannel()) {
                ClusterTopology topology = new ClusterTopology(cluster, settings);
                for (String node : new String[]{"node-1", "node-2"}) {
                    ch.queueDelete(topology.queueOf(node));
                    ch.queueDelete(topology.requestQueueOf(node));
                }
                topology.deleteExchanges(ch);
                ch.queueDelete(rpcQueue);
                ch.queueDelete(streamQueue);
            }
        }
    }

    /** Round trips: warm-up, then raw and task one after the other, so both see the same load. */
    private static long[][] alternate(RoundTrip raw, RoundTrip task) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            raw.once();
            task.once();
        }
        int n = BLOCKS * ROUND_TRIPS_PER_BLOCK;
        long[][] nanos = new long[2][n];
        RoundTrip[] sides = {raw, task};
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < 2; s++) {
                int side = (i + s) % 2; // who goes first alternates too
                long start = System.nanoTime();
                sides[side].once();
                nanos[side][i] = System.nanoTime() - start;
            }
        }
        return nanos;
    }

    /** Throughput in msg/s of each side: warm-up, then blocks of raw and task in turn. */
    private static double[] alternate(Stream raw, Stream task, Map<String, double[]> cpuSeconds) throws Exception {
        ProcessCpu processes = ProcessCpu.of(Map.of());
        Stream[] sides = {raw, task};
        int[] sent = new int[2];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < WARMUP; i++) {
                sides[s].send(sent[s]++);
            }
            sides[s].awaitReceived(sent[s]);
        }
        long[] elapsed = new long[2];
        for (int b = 0; b < STREAM_BLOCKS; b++) {
            for (int s = 0; s < 2; s++) {
                Map<String, Double> cpuBefore = processes.seconds();
                long start = System.nanoTime();
                for (int i = 0; i < MESSAGES_PER_BLOCK; i++) {
                    sides[s].send(sent[s]++);
                }
                sides[s].awaitReceived(sent[s]);
                elapsed[s] += System.nanoTime() - start;
                int side = s;
                processes.seconds().forEach((label, after) -> {
                    Double before = cpuBefore.get(label);
                    if (before != null && !label.equals("Redis")) {
                        cpuSeconds.computeIfAbsent(label, l -> new double[2])[side] += after - before;
                    }
                });
            }
        }
        double n = STREAM_BLOCKS * MESSAGES_PER_BLOCK;
        return new double[]{n / (elapsed[0] / 1e9), n / (elapsed[1] / 1e9)};
    }

    private static RoundTrip rawEcho(Connection client, Connection server, String queue, byte[] body) throws IOException {
        Channel sc = server.createChannel();
        sc.queueDeclare(queue, true, false, false, Map.of("x-expires", 600_000));
        sc.basicQos(PREFETCH);
        sc.basicConsume(queue, false, new DefaultConsumer(sc) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] b) throws IOException {
                sc.basicPublish("", props.getReplyTo(), new AMQP.BasicProperties.Builder().correlationId(props.getCorrelationId()).build(), b);
                sc.basicAck(env.getDeliveryTag(), false);
            }
        });
        Channel cc = client.createChannel();
        BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(1);
        cc.basicConsume("amq.rabbitmq.reply-to", true, new DefaultConsumer(cc) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] b) {
                replies.add(b);
            }
        });
        AtomicInteger id = new AtomicInteger();
        return () -> {
            cc.basicPublish("", queue, true, new AMQP.BasicProperties.Builder().deliveryMode(1).replyTo("amq.rabbitmq.reply-to")
                    .correlationId(Integer.toString(id.incrementAndGet())).expiration("10000").build(), body);
            if (replies.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("raw echo did not answer");
            }
        };
    }

    private static Stream rawStream(Connection producer, Connection consumer, String queue, byte[] body,
                                    boolean durable, Map<String, Object> queueArgs, int deliveryMode) throws IOException {
        Channel in = consumer.createChannel();
        in.queueDeclare(queue, durable, false, false, queueArgs);
        in.basicQos(PREFETCH);
        AtomicInteger received = new AtomicInteger();
        in.basicConsume(queue, false, new DefaultConsumer(in) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] b) throws IOException {
                in.basicAck(env.getDeliveryTag(), false);
                received.incrementAndGet();
            }
        });
        Channel out = producer.createChannel();
        out.confirmSelect();
        Semaphore window = new Semaphore(IN_FLIGHT);
        ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
        out.addConfirmListener((seq, multiple) -> {
            int n = 0;
            if (multiple) {
                for (Long s : outstanding.headSet(seq, true)) {
                    n += outstanding.remove(s) ? 1 : 0;
                }
            } else {
                n = outstanding.remove(seq) ? 1 : 0;
            }
            window.release(n);
        }, (seq, multiple) -> {
            throw new IllegalStateException("the broker refused a message (nack)");
        });
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(deliveryMode).build();
        return new Stream() {
            @Override
            public void send(int i) throws Exception {
                window.acquire();
                outstanding.add(out.getNextPublishSeqNo());
                out.basicPublish("", queue, true, persistent, body);
            }

            @Override
            public void awaitReceived(int total) throws InterruptedException {
                awaitCount(received, total);
            }
        };
    }

    private static void awaitCount(AtomicInteger counter, int total) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (counter.get() < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + counter.get() + " of " + total + " messages arrived");
            }
            Thread.sleep(1);
        }
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[]{sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6};
    }
}
