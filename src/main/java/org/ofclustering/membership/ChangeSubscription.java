package org.ofclustering.membership;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.ofclustering.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;

/**
 * Listens on the registry's change channel so that joins and clean leaves are seen within a
 * round trip instead of at the next heartbeat. Only an accelerator: a lost message costs at most
 * one heartbeat. The same connection listens on this member's alive channel, whose subscriber
 * count the others watch: it drops to zero the moment this process's connection closes. The
 * Pub/Sub connection belongs to the connector, which closes it.
 */
final class ChangeSubscription {
    private static final Logger Log = LoggerFactory.getLogger(MembershipService.class);

    private final RedisConnector redis;
    private final byte[] channel;
    private final LongConsumer onEpoch;
    private StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private byte[] alive;

    /** @param onEpoch told the epoch announced by each change (Long.MAX_VALUE when unreadable) */
    ChangeSubscription(RedisConnector redis, String channel, LongConsumer onEpoch) {
        this.redis = redis;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.onEpoch = onEpoch;
    }

    void open() {
        try {
            if (connection == null) {
                connection = redis.newPubSub();
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(byte[] from, byte[] message) {
                        try {
                            onEpoch.accept(parseEpoch(message));
                        } catch (RejectedExecutionException e) {
                            // the service was closed while the message travelled: nothing left to refresh
                        }
                    }
                });
            }
            connection.async().subscribe(channel);
        } catch (RuntimeException e) {
            Log.warn("Could not subscribe to membership changes ({}); changes are seen at each heartbeat", e.getMessage());
        }
    }

    /** Listens on this incarnation's alive channel instead of the previous one (null: none). */
    void listenAlive(String aliveChannel) {
        if (connection == null) {
            return;
        }
        byte[] next = aliveChannel == null ? null : aliveChannel.getBytes(StandardCharsets.UTF_8);
        try {
            if (alive != null) {
                connection.async().unsubscribe(alive);
            }
            if (next != null) {
                connection.async().subscribe(next);
            }
        } catch (RuntimeException e) {
            Log.warn("Could not listen on the alive channel ({}); a crash of this node is noticed by lease expiry only", e.getMessage());
        }
        alive = next;
    }

    void close() {
        if (connection != null) {
            listenAlive(null);
            connection.async().unsubscribe(channel);
        }
    }

    private static long parseEpoch(byte[] message) {
        try {
            return Long.parseLong(new String(message, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // unknown content: look anyway
        }
    }
}
