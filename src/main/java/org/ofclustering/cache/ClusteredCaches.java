package org.ofclustering.cache;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.ofclustering.codec.ObjectCodec;
import org.ofclustering.lock.ClusterLocks;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The clustered caches of one node: opens {@link ClusteredMap}s by name, runs their event feeds,
 * owns the node's {@link ClusterLocks}, and publishes and reads per-node cache figures.
 *
 * <p>One Pub/Sub connection listens on {@code ofc:{<cluster>:cache-events}:wake}, where every
 * writing script announces the cache it changed; the feed of that cache then reads the new events
 * from the cache's stream. A timer also wakes every feed each {@link CacheSettings#eventPollInterval()},
 * which covers announcements lost while the Pub/Sub connection was down.
 */
public final class ClusteredCaches implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(ClusteredCaches.class);

    private final RedisConnector redis;
    private final KeySpace space;
    private final ObjectCodec codec;
    private final String localNodeId;
    private final CacheSettings settings;
    private final ClusterLocks locks;
    private final CacheStatsBoard stats;
    private final byte[] wakeChannel;
    private final ScheduledExecutorService events;
    private final StatefulRedisPubSubConnection<byte[], byte[]> wakeups;
    private final Map<String, ClusteredMap<?, ?>> maps = new ConcurrentHashMap<>();
    private final Map<String, EventFeed> feeds = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Long> gapHandler = (cache, lost) -> { };
    private volatile EntryGuards entryGuards = EntryGuards.NONE;

    /**
     * @param localNodeId the id of this node, carried by every entry event as its origin
     */
    public ClusteredCaches(RedisConnector redis, KeySpace space, ObjectCodec codec, String localNodeId, CacheSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.space = Objects.requireNonNull(space, "space");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.localNodeId = Objects.requireNonNull(localNodeId, "localNodeId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.wakeChannel = space.keyBytes("cache-events", "wake");
        this.stats = new CacheStatsBoard(redis, space, localNodeId, settings.statsTtl());
        AtomicInteger threads = new AtomicInteger();
        this.events = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "ofc-cache-events-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.locks = new ClusterLocks(redis, space, localNodeId, settings.locks());
        try {
            this.wakeups = redis.newPubSub();
            wakeups.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    EventFeed feed = feeds.get(new String(message, StandardCharsets.UTF_8));
                    if (feed != null) {
                        feed.wake();
                    }
                }
            });
            LuaScript.await(wakeups.async().subscribe(wakeChannel).toCompletableFuture());
        } catch (RuntimeException e) {
            locks.close();
            events.shutdownNow();
            throw e;
        }
        long poll = settings.eventPollInterval().toMillis();
        events.scheduleWithFixedDelay(() -> feeds.values().forEach(EventFeed::wake), poll, poll, TimeUnit.MILLISECONDS);
    }

    /**
     * The cache of that name, created on first use (its entries already in Redis are shared by every
     * node that opens the same name). Opening it again returns the same instance with the new limits.
     */
    @SuppressWarnings("unchecked")
    public <K, V> ClusteredMap<K, V> open(String name, CacheLimits limits) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        ClusteredMap<K, V> map = (ClusteredMap<K, V>) maps.computeIfAbsent(name, n -> {
            CacheKeys keys = new CacheKeys(space, n);
            EventFeed feed = feeds.computeIfAbsent(n, x -> new EventFeed(x, keys, redis, events, lost -> onGap(x, lost)));
            ClusteredMap<Object, Object> opened = new ClusteredMap<>(n, keys, redis, codec, locks, settings, localNodeId, feed, limits, wakeChannel);
            opened.useEntryGuards(entryGuards);
            return opened;
        });
        map.setLimits(limits);
        return map;
    }

    /** The open cache of that name, or null. */
    @SuppressWarnings("unchecked")
    public <K, V> ClusteredMap<K, V> get(String name) {
        return (ClusteredMap<K, V>) maps.get(name);
    }

    /** Stops this node's use of the cache (listeners, feed); the entries stay for the other nodes. */
    public void close(String name) {
        ClusteredMap<?, ?> map = maps.remove(name);
        if (map != null) {
            map.close();
        }
        feeds.remove(name);
    }

    /** Closes the cache on this node and deletes its entries, events and metadata for the whole cluster. */
    public void destroy(String name) {
        close(name);
        CacheKeys keys = new CacheKeys(space, name);
        LuaScript.await(redis.async().del(keys.all()).toCompletableFuture());
    }

    /**
     * Which entries the locks of this node guard, so that they are served from memory while this
     * node owns the lock ({@link EntryGuards}); applies to the caches open now and opened later.
     */
    public void useEntryGuards(EntryGuards guards) {
        this.entryGuards = Objects.requireNonNull(guards, "guards");
        maps.values().forEach(m -> m.useEntryGuards(guards));
    }

    public ClusterLocks locks() {
        return locks;
    }

    public String localNodeId() {
        return localNodeId;
    }

    /** Figures of every cache this node has open. */
    public List<CacheFigures> figures() {
        return maps.values().stream().map(ClusteredMap::figures).toList();
    }

    /** Publishes this node's figures (clustered and node-local caches alike) for every node's admin pages. */
    public void publishStats(Collection<CacheFigures> figures) {
        stats.publish(figures);
    }

    /** Node id → its published cache figures, for every node that published within the stats TTL. */
    public Map<String, List<CacheFigures>> readStats() {
        return stats.readAll();
    }

    /**
     * Called with the cache name and the number of lost events when a feed detects a gap (this
     * node was cut off longer than the event retention), or -1 when the event numbering restarted
     * (Redis lost its data). The strategy resynchronises by leaving and
     * rejoining the cluster, which makes Openfire rebuild what it derived from the events.
     */
    public void setEventGapHandler(BiConsumer<String, Long> handler) {
        this.gapHandler = Objects.requireNonNull(handler, "handler");
    }

    private void onGap(String cacheName, long lost) {
        ClusteredMap<?, ?> map = maps.get(cacheName);
        if (map != null) {
            map.onEventGap();
        }
        try {
            gapHandler.accept(cacheName, lost);
        } catch (RuntimeException e) {
            Log.error("The event gap handler failed for cache '" + cacheName + "'", e);
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(maps.keySet())) {
            close(name);
        }
        events.shutdownNow();
        try {
            // The connection itself belongs to the connector, which closes it.
            wakeups.async().unsubscribe(wakeChannel);
        } catch (RuntimeException e) {
            Log.warn("Unsubscribing from cache events failed: {}", e.toString());
        }
        locks.close();
    }

    @Override
    public String toString() {
        return "ClusteredCaches" + Arrays.toString(maps.keySet().toArray());
    }
}
