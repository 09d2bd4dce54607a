package org.ofclustering.cache;

import io.lettuce.core.ScriptOutputType;
import org.ofclustering.codec.ObjectCodec;
import org.ofclustering.lock.ClusterLock;
import org.ofclustering.lock.ClusterLocks;
import org.ofclustering.lock.LockLabel;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.lock.WriteFence;
import org.ofclustering.lock.MemberFence;
import org.ofclustering.lock.NodeFencedException;
import org.ofclustering.redis.ConnectionLossRetry;
import org.ofclustering.redis.RedisConnector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One clustered cache: a {@link ConcurrentMap} whose entries live in one Redis hash shared by every
 * node, with the whole Map contract holding cluster-wide. Plain reads are single commands
 * ({@code HGET}, {@code HLEN}, {@code HSCAN}); everything that reads and writes in one step is a Lua
 * script ({@link CacheScripts}) that also emits the entry event. Keys and values go through the
 * shared {@link ObjectCodec}; they come back as the original types. Conditional operations that
 * compare values ({@code remove(k, v)}, {@code replace(k, old, new)}) compare with
 * {@code equals} locally and then compare-and-set on the exact bytes read, retrying if the entry
 * changed in between.
 *
 * <p>Limits ({@link CacheLimits}): an entry expires {@code maxLifetime} after its last write (checked
 * by every operation on the key, and swept before {@code size()} and iteration), and when a write
 * takes the cache over {@code maxEntries} the least recently written entries are evicted. Both are
 * reported to listeners as evictions. Hits and misses of {@code get} are counted on this node.
 *
 * <p>Under a cluster lock this node owns, the entries that lock guards ({@link EntryGuards}) are
 * served from {@link GuardedCopies} once read or written: a locked read section of an owned lock
 * costs no round trip. Writes always reach Redis before they return, fenced by the owner value.
 */
public final class ClusteredMap<K, V> implements ConcurrentMap<K, V> {
    private static final int CAS_ATTEMPTS = 100;
    /** Reads made while connections are lost again and again: past this, the last answer is returned. */
    private static final int READ_ATTEMPTS = 5;
    private static final int SWEEP_BATCH = 1000;
    private static final int SWEEP_ROUNDS = 1000;

    private final String name;
    /** Named by a read that waits for the lease; one instance, as reads are the hot path. */
    private final Supplier<String> readAction;
    private final CacheKeys keys;
    private final RedisConnector redis;
    private final CacheCodec<K, V> codec;
    private final ClusterLocks locks;
    private final CacheSettings settings;
    private final String localNodeId;
    private final EventFeed feed;
    private final NearCache<K, V> near;
    private final byte[][] commonArgs;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final Map<String, Consumer<EntryEvent>> listeners = new ConcurrentHashMap<>();
    private volatile CacheLimits limits;
    private volatile EntryGuards guards = EntryGuards.NONE;
    private volatile GuardedCopies copies;

    ClusteredMap(String name, CacheKeys keys, RedisConnector redis, ObjectCodec codec, ClusterLocks locks,
                 CacheSettings settings, String localNodeId, EventFeed feed, CacheLimits limits, byte[] wakeChannel) {
        this.name = name;
        this.readAction = () -> "reading cache '" + name + "'";
        this.keys = keys;
        this.redis = redis;
        this.codec = new CacheCodec<>(name, codec);
        this.locks = locks;
        this.settings = settings;
        this.localNodeId = localNodeId;
        this.feed = feed;
        this.limits = limits;
        this.commonArgs = new byte[][]{localNodeId.getBytes(StandardCharsets.UTF_8), null, null,
                ascii(settings.eventRetention().toMillis()), wakeChannel, name.getBytes(StandardCharsets.UTF_8)};
        if (settings.nearCaches().contains(name)) {
            this.near = new NearCache<>(settings.nearCacheMaxEntries());
            feed.require(1);
            feed.addSink(this::invalidateNearOnEvent);
        } else {
            this.near = null;
        }
    }

    public String name() {
        return name;
    }

    /** The cluster locks this map's writes are fenced by. */
    public ClusterLocks locks() {
        return locks;
    }

    public CacheLimits limits() {
        return limits;
    }

    /** New limits apply to the next operation of this node (every node should be given the same). */
    public void setLimits(CacheLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public boolean hasNearCache() {
        return near != null;
    }

    /** The figures of this cache on this node (capacity unit: entities). */
    public CacheFigures figures() {
        long entries = longSize();
        CacheLimits l = limits;
        return new CacheFigures(name, entries, entries, l.maxEntries(), l.maxLifetimeMillis(), hits.get(), misses.get(), "ENTITIES");
    }

    /** The cluster lock of one key. */
    public ClusterLock getLock(K key) {
        return locks.getLock(name, codec.key(key), key);
    }

    /**
     * Which entries of this cache the locks this node owns guard. When some may be guarded, this
     * node reads the cache's entry events (to drop a copy another node's write made stale).
     */
    void useEntryGuards(EntryGuards entryGuards) {
        this.guards = Objects.requireNonNull(entryGuards, "entryGuards");
        if (entryGuards.mayGuard(name) && copies == null) {
            copies = new GuardedCopies(settings.nearCacheMaxEntries() * 10);
            feed.require(1);
            feed.addSink(this::dropCopyOnForeignEvent);
        }
    }

    /** Entries this node keeps as exact copies under owned locks (for the status page and tests). */
    public int guardedCopies() {
        GuardedCopies c = copies;
        return c == null ? 0 : c.size();
    }

    // ---- reads

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        Objects.requireNonNull(key, "key");
        locks.beforeOperation(true);
        ClusterLocks.Guard g = guardOf(key);
        if (g != null) {
            V value = codec.decodeValue(guardedRead(codec.key(key), g));
            (value == null ? misses : hits).incrementAndGet();
            return value;
        }
        NearCache<K, V> n = nearUsable();
        long version = 0;
        if (n != null) {
            V v = n.get((K) key);
            if (v != null) {
                hits.incrementAndGet();
                return v;
            }
            version = n.version();
        }
        byte[] k = codec.key(key);
        V value = codec.decodeValue(read(() -> fetch(k)));
        (value == null ? misses : hits).incrementAndGet();
        if (n != null) {
            n.fill((K) key, value, version);
        }
        return value;
    }

    @Override
    public boolean containsKey(Object key) {
        locks.beforeOperation(true);
        byte[] k = codec.key(key);
        ClusterLocks.Guard g = guardOf(key);
        if (g != null) {
            return guardedRead(k, g) != null;
        }
        if (limits.expiring()) {
            return read(() -> fetch(k)) != null;
        }
        return Boolean.TRUE.equals(read(() -> redis.async().hexists(keys.entries, k).toCompletableFuture()));
    }

    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value, "value");
        Iterator<V> it = values().iterator();
        while (it.hasNext()) {
            if (value.equals(it.next())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, longSize());
    }

    /** Entries in the whole cluster (expired ones swept first). */
    public long longSize() {
        locks.beforeOperation(true);
        sweepExpired();
        Long n = read(() -> redis.async().hlen(keys.entries).toCompletableFuture());
        return n == null ? 0 : n;
    }

    @Override
    public boolean isEmpty() {
        return longSize() == 0;
    }

    // ---- writes

    @Override
    public V put(K key, V value) {
        return writeEntry(CacheScripts.PUT, key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return writeEntry(CacheScripts.PUT_IF_ABSENT, key, value);
    }

    /** Runs a script that writes one entry and returns the previous value. */
    private V writeEntry(LuaScript writer, K key, V value) {
        byte[] k = codec.key(key);
        byte[] v = codec.value(value);
        ClusterLocks.Guard g = beforeWrite(key, k);
        WriteFence fence = writeFence();
        byte[] previous;
        try {
            previous = awaitWrite(fence, () -> write(fence, writer, ScriptOutputType.VALUE, k, v));
        } catch (RuntimeException e) {
            afterWrite(k, g, null, false);
            throw e;
        }
        // What the entry holds now: put always writes; putIfAbsent only when absent; replace only when present.
        byte[] now = writer == CacheScripts.PUT || (writer == CacheScripts.PUT_IF_ABSENT ? previous == null : previous != null) ? v : previous;
        afterWrite(k, g, now, true);
        return codec.decodeValue(previous);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        List<CompletableFuture<byte[]>> sent = new ArrayList<>(m.size());
        List<byte[]> written = new ArrayList<>(m.size());
        locks.beforeOperation(false);
        WriteFence fence = writeFence();
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
            byte[] k = codec.key(e.getKey());
            byte[] v = codec.value(e.getValue());
            invalidateNear(e.getKey());
            invalidateCopy(k);
            written.add(k);
            sent.add(write(fence, CacheScripts.PUT, ScriptOutputType.VALUE, k, v));
        }
        try {
            for (CompletableFuture<byte[]> f : sent) {
                awaitWrite(fence, f);
            }
        } finally {
            written.forEach(this::invalidateCopy);
        }
    }

    @Override
    public V remove(Object key) {
        byte[] k = codec.key(key);
        ClusterLocks.Guard g = beforeWrite(key, k);
        WriteFence fence = writeFence();
        byte[] previous;
        try {
            previous = awaitWrite(fence, () -> write(fence, CacheScripts.REMOVE, ScriptOutputType.VALUE, k));
        } catch (RuntimeException e) {
            afterWrite(k, g, null, false);
            throw e;
        }
        afterWrite(k, g, null, true);
        return codec.decodeValue(previous);
    }

    @Override
    public boolean remove(Object key, Object value) {
        if (key == null || value == null) {
            return false;
        }
        return compareAndSet(key, value, null);
    }

    @Override
    public V replace(K key, V value) {
        return writeEntry(CacheScripts.REPLACE, key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        return compareAndSet(key, oldValue, codec.value(newValue));
    }

    /** Deletes (newValue null) or replaces the entry if it currently equals {@code expected}. */
    private boolean compareAndSet(Object key, Object expected, byte[] newValue) {
        byte[] k = codec.key(key);
        ClusterLocks.Guard g = beforeWrite(key, k);
        try {
            return compareAndSet(k, expected, newValue);
        } finally {
            afterWrite(k, g, null, false);
        }
    }

    private boolean compareAndSet(byte[] k, Object expected, byte[] newValue) {
        WriteFence fence = writeFence();
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            byte[] current = read(() -> fetch(k));
            if (current == null || !expected.equals(codec.decodeValue(current))) {
                return false;
            }
            CompletableFuture<Long> done = newValue == null
                    ? write(fence, CacheScripts.COMPARE_AND_SET, ScriptOutputType.INTEGER, k, current, ascii("d"))
                    : write(fence, CacheScripts.COMPARE_AND_SET, ScriptOutputType.INTEGER, k, current, ascii("s"), newValue);
            if (awaitWrite(fence, done) == 1L) {
                return true;
            }
        }
        throw new ConcurrentModificationException("cache '" + name + "': the entry kept changing during "
                + CAS_ATTEMPTS + " compare-and-set attempts");
    }

    @Override
    public void clear() {
        locks.beforeOperation(false);
        if (near != null) {
            near.clear();
        }
        clearCopies();
        WriteFence fence = writeFence();
        try {
            awaitWrite(fence, () -> write(fence, CacheScripts.CLEAR, ScriptOutputType.INTEGER));
        } finally {
            clearCopies();
        }
    }

    // ---- views

    @Override
    public Set<K> keySet() {
        return new CacheViews.Keys<>(this);
    }

    @Override
    public Collection<V> values() {
        return new CacheViews.Values<>(this);
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new CacheViews.Entries<>(this);
    }

    CacheCodec<K, V> codec() {
        return codec;
    }

    /** Encoded entries, page by page. */
    Iterator<Map.Entry<byte[], byte[]>> rawEntries() {
        locks.beforeOperation(false);
        sweepExpired();
        return new EntryPages(redis, keys.entries, settings.pageSize());
    }

    // ---- listeners

    /**
     * Adds a listener for the changes every node makes, delivered in the order they were applied.
     *
     * @param includeValues              false: old and new values are passed as null (and not sent)
     * @param includeEventsFromLocalNode false: changes made by this node are not delivered
     * @return the id for {@link #removeListener(String)}
     */
    public String addListener(CacheEntryListener<? super K, ? super V> listener, boolean includeValues,
                              boolean includeEventsFromLocalNode) {
        Objects.requireNonNull(listener, "listener");
        feed.require(includeValues ? 2 : 1);
        String id = UUID.randomUUID().toString();
        Consumer<EntryEvent> sink = e -> {
            if (includeEventsFromLocalNode || !localNodeId.equals(e.origin())) {
                dispatch(listener, e, includeValues);
            }
        };
        listeners.put(id, sink);
        feed.addSink(sink);
        return id;
    }

    public void removeListener(String listenerId) {
        Consumer<EntryEvent> sink = listeners.remove(listenerId);
        if (sink != null) {
            feed.removeSink(sink);
        }
    }

    private void dispatch(CacheEntryListener<? super K, ? super V> l, EntryEvent e, boolean includeValues) {
        if (e.kind() == EntryEvent.Kind.CLEARED) {
            l.mapCleared(e.origin());
            return;
        }
        K key = codec.decodeKey(e.key());
        V oldValue = includeValues ? codec.decodeValue(e.oldValue()) : null;
        V newValue = includeValues ? codec.decodeValue(e.newValue()) : null;
        switch (e.kind()) {
            case ADDED -> l.entryAdded(key, newValue, e.origin());
            case UPDATED -> l.entryUpdated(key, oldValue, newValue, e.origin());
            case REMOVED -> l.entryRemoved(key, oldValue, e.origin());
            case EVICTED -> l.entryEvicted(key, oldValue, e.origin());
            default -> throw new IllegalStateException("unexpected event kind " + e.kind());
        }
    }

    /** Called when events were lost: the near cache can no longer be trusted. */
    void onEventGap() {
        if (near != null) {
            near.clear();
        }
        clearCopies();
    }

    void close() {
        for (String id : List.copyOf(listeners.keySet())) {
            removeListener(id);
        }
    }

    // ---- plumbing

    private NearCache<K, V> nearUsable() {
        // Under a cluster lock (or in a single-read section) the caller expects the latest value.
        if (near == null || locks.holdsAnyLock()
                || System.nanoTime() - feed.lastReadNanos() > settings.nearCacheStaleness().toNanos()) {
            return null;
        }
        return near;
    }

    private void invalidateNearOnEvent(EntryEvent e) {
        if (e.kind() == EntryEvent.Kind.CLEARED || e.key() == null) {
            near.clear();
        } else {
            near.invalidate(codec.decodeKey(e.key()));
        }
    }

    private void invalidateNear(Object key) {
        if (near != null) {
            near.invalidate(key);
        }
    }

    /**
     * Before a write of one entry: a single-read section becomes a real hold, the near cache drops
     * the key, and the guard under which the write keeps the entry's copy exact is returned (null:
     * the copy is dropped before and after the write instead).
     */
    private ClusterLocks.Guard beforeWrite(Object key, byte[] k) {
        locks.beforeOperation(false);
        invalidateNear(key);
        ClusterLocks.Guard g = guardOf(key);
        if (g == null) {
            invalidateCopy(k);
        }
        return g;
    }

    /** After a write: the copy holds what Redis now holds ({@code exact}), or is dropped. */
    private void afterWrite(byte[] k, ClusterLocks.Guard g, byte[] now, boolean exact) {
        GuardedCopies c = copies;
        if (c == null) {
            return;
        }
        if (g != null && exact && locks.stillGuards(g)) {
            c.written(ByteBuffer.wrap(k), now, g);
        } else {
            c.invalidate(ByteBuffer.wrap(k));
        }
    }

    /** The owned lock of the calling thread that guards this entry, or null (then reads go to Redis). */
    private ClusterLocks.Guard guardOf(Object key) {
        GuardedCopies c = copies;
        if (c == null || limits.expiring()) {
            return null;
        }
        EntryGuards eg = guards;
        ClusterLocks.Guard g = locks.guardFor((LockLabel l) -> eg.guards(l, name, key));
        return g != null && locks.stillGuards(g) ? g : null;
    }

    /** A read of an entry guarded by {@code g}: from the copy when there is one, else from Redis (and kept). */
    private byte[] guardedRead(byte[] k, ClusterLocks.Guard g) {
        GuardedCopies c = copies;
        ByteBuffer kb = ByteBuffer.wrap(k);
        if (c.has(kb, g)) {
            return c.value(kb);
        }
        long version = c.version();
        byte[] value = read(() -> fetch(k));
        c.fill(kb, value, g, version);
        return value;
    }

    private void invalidateCopy(byte[] k) {
        GuardedCopies c = copies;
        if (c != null) {
            c.invalidate(ByteBuffer.wrap(k));
        }
    }

    private void clearCopies() {
        GuardedCopies c = copies;
        if (c != null) {
            c.clear();
        }
    }

    /** Another node's change of an entry (possibly by a writer that does not take the guarding lock). */
    private void dropCopyOnForeignEvent(EntryEvent e) {
        if (localNodeId.equals(e.origin())) {
            return;
        }
        if (e.kind() == EntryEvent.Kind.CLEARED || e.key() == null) {
            clearCopies();
        } else {
            invalidateCopy(e.key());
        }
    }

    /** The current value bytes of a key, expiring it on the way when a lifetime applies. */
    private CompletableFuture<byte[]> fetch(byte[] k) {
        return limits.expiring()
                ? script(CacheScripts.GET, ScriptOutputType.VALUE, k)
                : redis.async().hget(keys.entries, k).toCompletableFuture();
    }

    private void sweepExpired() {
        if (!limits.expiring()) {
            return;
        }
        for (int round = 0; round < SWEEP_ROUNDS; round++) {
            Long n = LuaScript.await(script(CacheScripts.SWEEP, ScriptOutputType.INTEGER, ascii(Integer.toString(SWEEP_BATCH))));
            if (n == null || n < SWEEP_BATCH) {
                return;
            }
        }
    }

    private <T> CompletableFuture<T> script(LuaScript s, ScriptOutputType type, byte[]... opArgs) {
        return s.run(redis.async(), type, keys.scriptKeys, scriptArgs(opArgs));
    }

    /** What this thread's next writes carry: the node's lease and the thread's locks ({@link WriteFence}). */
    private WriteFence writeFence() {
        return locks.writeFence(writeAction());
    }

    /** Sends a script that changes entries, with the keys and values its fence check compares. */
    private <T> CompletableFuture<T> write(WriteFence fence, LuaScript s, ScriptOutputType type, byte[]... opArgs) {
        return s.run(redis.async(), type, fence.keys(keys.scriptKeys), fence.args(scriptArgs(opArgs)));
    }

    /**
     * A read, sent again if the connection is lost before the answer (Redis restart or fail-over;
     * see {@link ConnectionLossRetry}), within the command timeout. It waits while this node's lease
     * is not confirmed ({@link MemberFence#beforeRead}), and is made again when a connection was
     * lost while it ran: Redis may have restarted without its data and answered from an empty
     * dataset, which would make a user of another node look offline. A node that stands alone by
     * then gets a {@link NodeFencedException}, and the Openfire adapter reads its local cache.
     */
    private <T> T read(Supplier<CompletableFuture<T>> command) {
        MemberFence fence = locks.fence();
        for (int attempt = 1; ; attempt++) {
            long ticket = fence.beforeRead(readAction);
            T value = ConnectionLossRetry.await(command, redis);
            if (fence.readTrusted(ticket) || attempt == READ_ATTEMPTS) {
                return value;
            }
        }
    }

    /**
     * Sends a write that may run twice (a put or remove: its second run finds its own result) and
     * waits, sending it again after a connection loss; a refusal by the fence check names the lease
     * or lock that was lost.
     */
    private <T> T awaitWrite(WriteFence fence, Supplier<CompletableFuture<T>> write) {
        try {
            return ConnectionLossRetry.await(write, redis);
        } catch (RuntimeException e) {
            throw fence.translate(e, writeAction());
        }
    }

    /** Waits for a write sent once; a refusal by the fence check names the lease or lock that was lost. */
    private <T> T awaitWrite(WriteFence fence, CompletableFuture<T> sent) {
        try {
            return LuaScript.await(sent);
        } catch (RuntimeException e) {
            throw fence.translate(e, writeAction());
        }
    }

    private String writeAction() {
        return "changing cache '" + name + "'";
    }

    private byte[][] scriptArgs(byte[]... opArgs) {
        CacheLimits l = limits;
        byte[][] args = new byte[commonArgs.length + opArgs.length][];
        System.arraycopy(commonArgs, 0, args, 0, commonArgs.length);
        args[1] = ascii(l.maxLifetimeMillis());
        args[2] = ascii(l.maxEntries());
        System.arraycopy(opArgs, 0, args, commonArgs.length, opArgs.length);
        return args;
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "ClusteredMap[" + name + "]";
    }
}
