package org.ofclustering.lock;

import org.ofclustering.redis.LuaScript;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * This node's end of the lock pushes ({@link LockScripts}): a Pub/Sub subscription on its own
 * channel. A request to hand a lock over ({@code R<lock key>}) and a grant
 * ({@code G<token> <lock key>}) are passed to the {@link Receiver} on the given executor, never on
 * the connection's I/O thread. A push lost while the connection reconnects is covered by the
 * waiter's recheck ({@link LockSettings#recheck()}).
 */
final class OwnershipPushes implements AutoCloseable {
    private static final Logger Log = LoggerFactory.getLogger(OwnershipPushes.class);

    interface Receiver {
        void handOverRequested(ByteBuffer lockKey);

        void granted(long token, ByteBuffer lockKey);
    }

    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final byte[] channel;

    OwnershipPushes(RedisConnector redis, String channel, Executor executor, Receiver receiver) {
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.connection = redis.newPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] from, byte[] message) {
                executor.execute(() -> dispatch(message, receiver));
            }
        });
        LuaScript.await(connection.async().subscribe(this.channel).toCompletableFuture());
    }

    private static void dispatch(byte[] message, Receiver receiver) {
        try {
            if (message.length > 1 && message[0] == 'R') {
                receiver.handOverRequested(ByteBuffer.wrap(Arrays.copyOfRange(message, 1, message.length)));
                return;
            }
            if (message.length > 2 && message[0] == 'G') {
                int space = 1;
                while (space < message.length && message[space] != ' ') {
                    space++;
                }
                long token = Long.parseLong(new String(message, 1, space - 1, StandardCharsets.US_ASCII));
                receiver.granted(token, ByteBuffer.wrap(Arrays.copyOfRange(message, space + 1, message.length)));
                return;
            }
            Log.warn("Ignoring a malformed cluster lock push of {} bytes", message.length);
        } catch (RuntimeException e) {
            Log.warn("Ignoring a cluster lock push that could not be handled: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            connection.async().unsubscribe(channel);
        } catch (RuntimeException e) {
            Log.warn("Unsubscribing from cluster lock pushes failed: {}", e.toString());
        }
    }
}
