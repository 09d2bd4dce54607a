package org.ofclustering.e2e;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady chat traffic between pairs of users, with what a user would notice recorded: each stream
 * (one sender to one receiver) sends numbered messages at a fixed pace, each receiver records what
 * arrives in stream order, and every client counts the times the server closed its connection.
 * A {@link Phase} is one stretch of traffic (one fault); its {@link Result} has messages sent,
 * delivered, lost, duplicated and reordered, connections closed, and the longest delivery delay.
 */
final class ChatTraffic {
    /** One sender and one receiver. */
    record Stream(XmppClient from, XmppClient to, String kind) {
    }

    /** What one phase of traffic did, summed over its streams. */
    record Result(String phase, int sent, int delivered, int lost, int duplicated, int reordered, int closedConnections,
                  long maxDelayMillis) {
        String row() {
            return String.format("| %s | %d | %d | %d | %d | %d | %d | %d ms |", phase, sent, delivered, lost, duplicated, reordered,
                    closedConnections, maxDelayMillis);
        }

        static String header() {
            return "| fault | sent | delivered | lost | duplicated | reordered | connections closed by the server | longest delay |\n"
                    + "|---|---|---|---|---|---|---|---|";
        }
    }

    private record Arrival(int stream, String phase, int seq, long sentAtMillis, long delayMillis) {
    }

    private final List<Stream> streams;
    private final long paceMillis;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger closedByServer = new AtomicInteger();

    /**
     * @param streams    the sender/receiver pairs (a receiver may appear in several)
     * @param paceMillis pause between two messages of one stream
     */
    ChatTraffic(List<Stream> streams, long paceMillis) {
        this.streams = List.copyOf(streams);
        this.paceMillis = paceMillis;
        Set<XmppClient> clients = new HashSet<>();
        for (Stream s : streams) {
            clients.add(s.from());
            clients.add(s.to());
        }
        for (XmppClient c : clients) {
            c.connection().addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closedByServer.incrementAndGet();
                    System.out.println("[e2e] the server closed the connection of " + c.username() + ": " + e);
                }
            });
        }
        Map<XmppClient, Map<String, Integer>> byReceiver = new HashMap<>();
        for (int i = 0; i < streams.size(); i++) {
            Stream s = streams.get(i);
            byReceiver.computeIfAbsent(s.to(), k -> new HashMap<>()).put(s.from().bareJid().toString(), i);
        }
        byReceiver.forEach((receiver, streamOfSender) ->
                // synchronous: called in the order stanzas arrived on the receiver's stream
                receiver.connection().addSyncStanzaListener(stanza -> {
                    Message m = (Message) stanza;
                    if (m.getFrom() == null || m.getBody() == null || !m.getBody().startsWith("t|")) {
                        return;
                    }
                    Integer stream = streamOfSender.get(m.getFrom().asBareJid().toString());
                    if (stream == null) {
                        return;
                    }
                    String[] part = m.getBody().split("\\|");
                    long sentAt = Long.parseLong(part[3]);
                    long delay = System.currentTimeMillis() - sentAt;
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(stream, part[1], Integer.parseInt(part[2]), sentAt, delay));
                    }
                }, MessageWithBodiesFilter.INSTANCE));
    }

    /** Starts sending on every stream under {@code name}. */
    Phase start(String name) {
        return new Phase(name);
    }

    /** One stretch of traffic. */
    final class Phase {
        private final String name;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<Integer, AtomicInteger> sent = new ConcurrentHashMap<>();
        /** Per stream, the time (ms) each message was sent, by sequence number. */
        private final Map<Integer, List<Long>> sentAt = new ConcurrentHashMap<>();
        private final List<Thread> senders = new ArrayList<>();
        private final int closedAtStart = closedByServer.get();

        private Phase(String name) {
            this.name = name;
            for (int i = 0; i < streams.size(); i++) {
                int stream = i;
                Stream s = streams.get(i);
                AtomicInteger count = new AtomicInteger();
                sent.put(stream, count);
                List<Long> times = Collections.synchronizedList(new ArrayList<>());
                sentAt.put(stream, times);
                Thread t = new Thread(() -> send(s, count, times), "traffic-" + name + "-" + i);
                t.setDaemon(true);
                t.start();
                senders.add(t);
            }
        }

        private void send(Stream s, AtomicInteger count, List<Long> times) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!stop.get() && System.nanoTime() < deadline && count.get() < 100_000) {
                int seq = count.get();
                try {
                    long now = System.currentTimeMillis();
                    s.from().send(s.to().bareJid(), "t|" + name + "|" + seq + "|" + now);
                    times.add(now);
                    count.incrementAndGet();
                } catch (Exception e) {
                    System.out.println("[e2e] " + s.from().username() + " could not send: " + e);
                    return; // its connection is gone: counted as closed, and what it did not send is not counted
                }
                try {
                    Thread.sleep(paceMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /**
         * Stops sending, waits until every stream's last message arrived or nothing new arrived for
         * {@code quiet}, and returns what the users saw.
         */
        Result finish(long quietMillis) throws InterruptedException {
            stop.set(true);
            for (Thread t : senders) {
                t.join(10_000);
            }
            long lastChange = System.currentTimeMillis();
            int seen = -1;
            long limit = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(2);
            while (System.currentTimeMillis() - lastChange < quietMillis && System.currentTimeMillis() < limit) {
                int now = arrivalsOfPhase().size();
                if (now != seen) {
                    seen = now;
                    lastChange = System.currentTimeMillis();
                }
                if (allLastArrived()) {
                    break;
                }
                Thread.sleep(100);
            }
            return result();
        }

        private boolean allLastArrived() {
            Map<Integer, Set<Integer>> got = new HashMap<>();
            for (Arrival a : arrivalsOfPhase()) {
                got.computeIfAbsent(a.stream(), k -> new HashSet<>()).add(a.seq());
            }
            for (Map.Entry<Integer, AtomicInteger> e : sent.entrySet()) {
                if (got.getOrDefault(e.getKey(), Set.of()).size() < e.getValue().get()) {
                    return false;
                }
            }
            return true;
        }

        private List<Arrival> arrivalsOfPhase() {
            synchronized (arrivals) {
                return arrivals.stream().filter(a -> a.phase().equals(name)).toList();
            }
        }

        private Result result() {
            int totalSent = 0;
            int delivered = 0;
            int duplicated = 0;
            int reordered = 0;
            long maxDelay = 0;
            Map<Integer, List<Arrival>> byStream = new HashMap<>();
            for (Arrival a : arrivalsOfPhase()) {
                byStream.computeIfAbsent(a.stream(), k -> new ArrayList<>()).add(a);
            }
            arrivalsOfPhase().stream().sorted((x, y) -> Long.compare(y.delayMillis(), x.delayMillis())).limit(3).forEach(a ->
                    System.out.println("[e2e] " + name + ": slowest: " + streams.get(a.stream()).kind() + " stream " + a.stream()
                            + " message " + a.seq() + " sent at " + LocalTime.ofInstant(Instant.ofEpochMilli(a.sentAtMillis()), ZoneId.systemDefault())
                            + ", arrived after " + a.delayMillis() + " ms"));
            for (Map.Entry<Integer, AtomicInteger> e : sent.entrySet()) {
                int n = e.getValue().get();
                totalSent += n;
                Set<Integer> distinct = new HashSet<>();
                int highest = -1;
                for (Arrival a : byStream.getOrDefault(e.getKey(), List.of())) {
                    if (!distinct.add(a.seq())) {
                        duplicated++;
                        continue;
                    }
                    if (a.seq() < highest) {
                        reordered++;
                    }
                    highest = Math.max(highest, a.seq());
                    maxDelay = Math.max(maxDelay, a.delayMillis());
                }
                delivered += distinct.size();
                List<Long> times = sentAt.get(e.getKey());
                int shown = 0;
                for (int seq = 0; seq < n && shown < 3; seq++) {
                    if (!distinct.contains(seq)) {
                        shown++;
                        System.out.println("[e2e] " + name + ": lost: " + streams.get(e.getKey()).kind() + " stream " + e.getKey()
                                + " message " + seq + " sent at " + LocalTime.ofInstant(Instant.ofEpochMilli(times.get(seq)), ZoneId.systemDefault()));
                    }
                }
            }
            return new Result(name, totalSent, delivered, totalSent - delivered, duplicated, reordered,
                    closedByServer.get() - closedAtStart, maxDelay);
        }
    }
}
