package org.ofclustering.cache;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * This node's reader of one cache's event stream. It remembers its position (stream id and event
 * sequence number) and reads from there whenever it is woken (a Pub/Sub message from the writing
 * script, or the periodic poll), so a node that lost its connection for a while continues exactly
 * where it stopped once Redis answers again. Events are handed to the sinks on one thread at a
 * time, in stream order, which is the order the changes were applied. A jump in the sequence
 * numbers (the node was away longer than the stream's retention) is a gap: it is logged and
 * reported to the gap handler, which resynchronises (see docs).
 */
final class EventFeed {
    private static final Logger Log = LoggerFactory.getLogger(EventFeed.class);
    private static final int BATCH = 256;
    /** How often a feed re-asserts its event level, which Redis forgets if it loses its data. */
    private static final long LEVEL_REASSERT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String cacheName;
    private final CacheKeys keys;
    private final RedisConnector redis;
    private final Executor executor;
    private final Consumer<Long> gapHandler;
    private final List<Consumer<EntryEvent>> sinks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean dirty;
    private volatile boolean started;
    private volatile long lastReadNanos;
    private int level;
    private volatile long levelAssertedNanos;
    private String lastId;
    private long lastSequence;
    private boolean failing;
    private long gaps;

    EventFeed(String cacheName, CacheKeys keys, RedisConnector redis, Executor executor, Consumer<Long> gapHandler) {
        this.cacheName = cacheName;
        this.keys = keys;
        this.redis = redis;
        this.executor = executor;
        this.gapHandler = gapHandler;
    }

    /** Asks every node's writers for events of at least this level (1 keys, 2 with values) and starts reading. */
    synchronized void require(int wantedLevel) {
        if (wantedLevel <= level) {
            return;
        }
        List<Object> position = assertLevel(wantedLevel);
        if (!started) {
            lastId = text(position.get(0));
            lastSequence = Long.parseLong(text(position.get(1)));
            lastReadNanos = System.nanoTime();
            started = true;
        }
        level = wantedLevel;
    }

    private List<Object> assertLevel(int wantedLevel) {
        List<Object> position = LuaScript.await(CacheScripts.LISTEN.run(redis.async(), ScriptOutputType.MULTI,
                new byte[][]{keys.meta, keys.events}, Integer.toString(wantedLevel).getBytes(StandardCharsets.US_ASCII)));
        levelAssertedNanos = System.nanoTime();
        return position;
    }

    void addSink(Consumer<EntryEvent> sink) {
        sinks.add(sink);
    }

    void removeSink(Consumer<EntryEvent> sink) {
        sinks.remove(sink);
    }

    /** Nanotime of the last successful read, for the near cache's staleness bound. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    long gaps() {
        return gaps;
    }

    /** Schedules a read; cheap and safe to call from any thread, any number of times. */
    void wake() {
        if (!started) {
            return;
        }
        dirty = true;
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            dirty = false;
            readAvailable();
            running.set(false);
            if (!dirty || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void readAvailable() {
        try {
            int wanted;
            synchronized (this) {
                wanted = level;
            }
            if (System.nanoTime() - levelAssertedNanos > LEVEL_REASSERT_NANOS) {
                assertLevel(wanted);
            }
            while (true) {
                List<StreamMessage<byte[], byte[]>> messages = LuaScript.await(redis.async().xread(
                        XReadArgs.Builder.count(BATCH), XReadArgs.StreamOffset.from(keys.events, lastId)).toCompletableFuture());
                lastReadNanos = System.nanoTime();
                if (failing) {
                    Log.info("Entry events of cache '{}' are read again", cacheName);
                    failing = false;
                }
                for (StreamMessage<byte[], byte[]> m : messages) {
                    lastId = m.getId();
                    EntryEvent event;
                    try {
                        event = parse(m.getBody());
                    } catch (RuntimeException e) {
                        Log.error("Skipping malformed entry event {} of cache '{}': {}", m.getId(), cacheName, e.toString());
                        continue;
                    }
                    checkSequence(event.sequence());
                    deliver(event);
                }
                if (messages.size() < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (!failing) {
                Log.info("Reading entry events of cache '{}' failed, will retry from the same position: {}", cacheName, e.toString());
                failing = true;
            }
        }
    }

    private void checkSequence(long sequence) {
        long expected = lastSequence + 1;
        lastSequence = sequence;
        if (sequence < expected) {
            gaps++;
            Log.info("Entry events of cache '{}' restarted at number {} after {} (Redis lost its data); reported for resynchronisation",
                    cacheName, sequence, expected - 1);
            gapHandler.accept(-1L);
        } else if (sequence > expected) {
            long lost = sequence - expected;
            gaps++;
            Log.warn("Cache '{}' missed {} entry events (this node could not read them within their retention); resynchronising",
                    cacheName, lost);
            gapHandler.accept(lost);
        }
    }

    private void deliver(EntryEvent event) {
        for (Consumer<EntryEvent> sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                Log.error("A listener of cache '" + cacheName + "' failed on a " + event.kind() + " event", e);
            }
        }
    }

    private static EntryEvent parse(Map<byte[], byte[]> body) {
        long seq = 0;
        EntryEvent.Kind kind = null;
        String origin = null;
        byte[] key = null;
        byte[] oldValue = null;
        byte[] newValue = null;
        for (Map.Entry<byte[], byte[]> f : body.entrySet()) {
            switch (new String(f.getKey(), StandardCharsets.US_ASCII)) {
                case "n" -> seq = Long.parseLong(new String(f.getValue(), StandardCharsets.US_ASCII));
                case "t" -> kind = EntryEvent.Kind.of((char) f.getValue()[0]);
                case "o" -> origin = new String(f.getValue(), StandardCharsets.UTF_8);
                case "k" -> key = f.getValue();
                case "ov" -> oldValue = f.getValue();
                case "nv" -> newValue = f.getValue();
                default -> { /* a field of a newer version: ignored */ }
            }
        }
        if (kind == null) {
            throw new IllegalStateException("entry event without kind");
        }
        return new EntryEvent(seq, kind, origin, key, oldValue, newValue);
    }

    private static String text(Object redisValue) {
        return redisValue instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : String.valueOf(redisValue);
    }
}
