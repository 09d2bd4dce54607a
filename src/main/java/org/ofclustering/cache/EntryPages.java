package org.ofclustering.cache;

import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.ofclustering.redis.LuaScript;
import org.ofclustering.redis.RedisConnector;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Iterates the encoded entries of a cache page by page with {@code HSCAN}, never the whole hash in
 * one call. {@code HSCAN} may return an entry twice while Redis resizes the hash; the keys already
 * returned are remembered (keys only, not values) so each entry is seen once. Entries added or
 * removed during the iteration may or may not be seen, as with a concurrent map.
 */
final class EntryPages implements Iterator<Map.Entry<byte[], byte[]>> {
    private final RedisConnector redis;
    private final byte[] hashKey;
    private final ScanArgs args;
    private final ArrayDeque<Map.Entry<byte[], byte[]>> page = new ArrayDeque<>();
    private final Set<ByteBuffer> seen = new HashSet<>();
    private ScanCursor cursor = ScanCursor.INITIAL;
    private boolean finished;

    EntryPages(RedisConnector redis, byte[] hashKey, int pageSize) {
        this.redis = redis;
        this.hashKey = hashKey;
        this.args = ScanArgs.Builder.limit(pageSize);
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && !finished) {
            MapScanCursor<byte[], byte[]> result = LuaScript.await(redis.async().hscan(hashKey, cursor, args).toCompletableFuture());
            for (Map.Entry<byte[], byte[]> e : result.getMap().entrySet()) {
                if (seen.add(ByteBuffer.wrap(e.getKey()))) {
                    page.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
            cursor = result;
            finished = result.isFinished();
        }
        return !page.isEmpty();
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }
}
