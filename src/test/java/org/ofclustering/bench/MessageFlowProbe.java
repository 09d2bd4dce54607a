package org.ofclustering.bench;

import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.ofclustering.e2e.XmppClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures chat messages from one XMPP user to another as the receiving client sees them: one-way
 * latency (send one, wait for it, repeat; both clients in this JVM, so one clock) and throughput
 * (send a burst as fast as the client writes, until the last one arrives).
 */
final class MessageFlowProbe {
    /** Latency percentiles in microseconds, or null when messages did not arrive. */
    record Latency(long p50Micros, long p99Micros, int samples) {
    }

    /** Messages per second over a burst, and how many of the burst arrived in time. */
    record Throughput(double perSecond, int arrived, int sent) {
    }

    private final XmppClient sender;
    private final XmppClient receiver;
    private final Semaphore arrivals = new Semaphore(0);
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong lastArrival = new AtomicLong();
    private volatile long sentAt;
    private volatile long latestLatency;
    private final StanzaListener listener;

    MessageFlowProbe(XmppClient sender, XmppClient receiver) {
        this.sender = sender;
        this.receiver = receiver;
        this.listener = stanza -> {
            long now = System.nanoTime();
            latestLatency = now - sentAt;
            lastArrival.set(now);
            count.incrementAndGet();
            arrivals.release();
        };
        receiver.connection().addSyncStanzaListener(listener,
                new AndFilter(MessageWithBodiesFilter.INSTANCE, FromMatchesFilter.createBare(sender.bareJid())));
    }

    /** {@code warmup} unmeasured then {@code samples} measured round trips of one message each. */
    Latency latency(int warmup, int samples, Duration perMessage) throws Exception {
        long[] micros = new long[samples];
        for (int i = 0; i < warmup + samples; i++) {
            arrivals.drainPermits();
            sentAt = System.nanoTime();
            sender.send(receiver.jid(), "latency-" + i);
            if (!arrivals.tryAcquire(perMessage.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            if (i >= warmup) {
                micros[i - warmup] = latestLatency / 1000;
            }
        }
        Arrays.sort(micros);
        return new Latency(micros[samples / 2], micros[(int) Math.ceil(samples * 0.99) - 1], samples);
    }

    /** Sends {@code messages} back to back and waits for them (at most {@code timeout}). */
    Throughput throughput(int messages, Duration timeout) throws Exception {
        arrivals.drainPermits();
        count.set(0);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            sender.send(receiver.jid(), "burst-" + i);
        }
        arrivals.tryAcquire(messages, timeout.toMillis(), TimeUnit.MILLISECONDS);
        int arrived = count.get();
        long end = arrived > 0 ? lastArrival.get() : System.nanoTime();
        return new Throughput(arrived / ((end - start) / 1e9), arrived, messages);
    }

    /**
     * Several probes send their bursts at the same time, each from its own thread: messages per
     * second over all of them, from the first send to the last arrival.
     */
    static Throughput concurrent(List<MessageFlowProbe> probes, int perProbe, Duration timeout) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(probes.size());
        try {
            for (MessageFlowProbe p : probes) {
                p.arrivals.drainPermits();
                p.count.set(0);
            }
            long start = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (MessageFlowProbe p : probes) {
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < perProbe; i++) {
                        p.sender.send(p.receiver.jid(), "concurrent-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            long deadline = start + timeout.toNanos();
            int arrived = 0;
            long end = start;
            for (MessageFlowProbe p : probes) {
                p.arrivals.tryAcquire(perProbe, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                arrived += p.count.get();
                end = Math.max(end, p.lastArrival.get());
            }
            return new Throughput(arrived == 0 ? 0 : arrived / ((end - start) / 1e9), arrived, perProbe * probes.size());
        } finally {
            senders.shutdownNow();
        }
    }

    void close() {
        receiver.connection().removeSyncStanzaListener(listener);
    }
}
