package org.ofclustering.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The physical limits of the cluster's per-stanza work, measured with plain clients in the
 * benchmark's own run: a Redis round trip ({@code PING} on a plain socket) bounds every clustered
 * cache read and lock, an AMQP round trip (publish to a queue, echo to the reply-to) bounds every
 * stanza that crosses nodes. Also reads Redis' command counters, to count commands per stanza.
 */
final class ServiceRoundTrips {
    private static final int WARMUP = 200;
    private static final int SAMPLES = 2000;

    private ServiceRoundTrips() {
    }

    /** p50 of a raw Redis round trip in microseconds. */
    static double redisP50Micros(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] pong = new byte[7]; // +PONG\r\n
            long[] nanos = new long[SAMPLES];
            for (int i = -WARMUP; i < SAMPLES; i++) {
                long start = System.nanoTime();
                out.write(ping);
                out.flush();
                readFully(in, pong);
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                }
            }
            return p50Micros(nanos);
        }
    }

    /** p50 of a raw AMQP request/reply round trip in microseconds (a server-named, exclusive queue). */
    static double amqpP50Micros(String host, int port) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(host);
        f.setPort(port);
        f.setUsername("guest");
        f.setPassword("guest");
        try (Connection server = f.newConnection("bench-raw-echo"); Connection client = f.newConnection("bench-raw-client")) {
            Channel sc = server.createChannel();
            String queue = sc.queueDeclare().getQueue(); // exclusive, auto-delete: gone with the connection
            sc.basicConsume(queue, true, new DefaultConsumer(sc) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) throws IOException {
                    sc.basicPublish("", props.getReplyTo(), null, body);
                }
            });
            Channel cc = client.createChannel();
            BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(1);
            cc.basicConsume("amq.rabbitmq.reply-to", true, new DefaultConsumer(cc) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                    replies.add(body);
                }
            });
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to").build();
            byte[] body = new byte[256];
            long[] nanos = new long[SAMPLES];
            for (int i = -WARMUP; i < SAMPLES; i++) {
                long start = System.nanoTime();
                cc.basicPublish("", queue, props, body);
                if (replies.poll(10, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("the raw AMQP echo did not answer within 10 s");
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                }
            }
            return p50Micros(nanos);
        }
    }

    /** Redis' per-command call counters ({@code INFO commandstats}; calls made by scripts count too). */
    static Map<String, Long> redisCommandCalls(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            String header = readLine(in); // $<length>
            if (!header.startsWith("$")) {
                throw new IOException("unexpected INFO reply: " + header);
            }
            byte[] text = new byte[Integer.parseInt(header.substring(1)) + 2];
            readFully(in, text);
            Map<String, Long> calls = new HashMap<>();
            for (String line : new String(text, StandardCharsets.US_ASCII).split("\r\n")) {
                // cmdstat_get:calls=123,usec=...
                if (line.startsWith("cmdstat_")) {
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                    calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
                }
            }
            return calls;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            b.append((char) c);
        }
        in.read(); // \n
        return b.toString();
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int off = 0;
        while (off < into.length) {
            int n = in.read(into, off, into.length - off);
            if (n < 0) {
                throw new IOException("Redis closed the connection");
            }
            off += n;
        }
    }

    private static double p50Micros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000.0;
    }
}
