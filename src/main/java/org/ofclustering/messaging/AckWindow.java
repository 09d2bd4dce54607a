package org.ofclustering.messaging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which acknowledgements to send for the deliveries of one channel whose tasks finish out of order
 * (each lane runs on its own). One acknowledgement with {@code multiple=true} covers the longest
 * run of finished deliveries from the oldest unfinished one up: while tasks finish close together,
 * that is one frame for several deliveries. A delivery that finished behind a long-running one is
 * acknowledged on its own once more than {@code spread} deliveries are open, so a task that waits
 * (a held stanza, a slow database) never keeps the broker's prefetch window full.
 *
 * <p>Correctness: a tag acknowledged on its own leaves the window at once, so a later
 * {@code multiple=true} acknowledgement always names a tag that is still outstanding (naming an
 * acknowledged tag would be a channel error); tags below it that were acknowledged on their own are
 * simply no longer outstanding at the broker. Callers send what {@link #finished} returns in the
 * order returned and, across threads, in the order of the calls (see {@link TaskConsumer}).
 * After a connection recovery the deliveries of the old channel stay open until their tasks finish;
 * the recovered channel ignores acknowledgements of tags from before the recovery, and the broker
 * delivers those messages again (the consumer recognises them as repeats).
 */
final class AckWindow {
    /** One acknowledgement frame. */
    record Ack(long tag, boolean multiple) {
    }

    private final int spread;
    /** Open deliveries by tag: true once their task finished. */
    private final TreeMap<Long, Boolean> open = new TreeMap<>();

    AckWindow(int spread) {
        if (spread < 1) {
            throw new IllegalArgumentException("spread must be at least 1, was " + spread);
        }
        this.spread = spread;
    }

    synchronized void received(long tag) {
        open.put(tag, Boolean.FALSE);
    }

    /** Marks a delivery finished; a tag never {@link #received} is ignored. */
    synchronized void finished(long tag) {
        open.computeIfPresent(tag, (t, done) -> Boolean.TRUE);
    }

    /** The acknowledgements due now, in the order to send them; removes what they cover. */
    synchronized List<Ack> due() {
        List<Ack> acks = new ArrayList<>(2);
        long prefixEnd = -1;
        Iterator<Map.Entry<Long, Boolean>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Boolean> e = it.next();
            if (!e.getValue()) {
                break;
            }
            prefixEnd = e.getKey();
            it.remove();
        }
        if (prefixEnd >= 0) {
            acks.add(new Ack(prefixEnd, true));
        }
        if (open.size() > spread) {
            Iterator<Map.Entry<Long, Boolean>> rest = open.entrySet().iterator();
            while (rest.hasNext()) {
                Map.Entry<Long, Boolean> e = rest.next();
                if (e.getValue()) {
                    acks.add(new Ack(e.getKey(), false));
                    rest.remove();
                }
            }
        }
        return acks;
    }

    synchronized int openCount() {
        return open.size();
    }
}
