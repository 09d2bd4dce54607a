package org.ofclustering.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * How many keys this cluster has in Redis and how much memory they take, for the status page.
 * Counting means scanning, so a survey runs at most once per {@code interval} on this node,
 * however many pages ask (concurrent askers wait for the one survey under way and share it), and
 * on a connection of its own, opened at the first survey, so that it never delays the cluster's
 * traffic on the shared connection.
 */
public final class RedisFootprint implements AutoCloseable {
    /** Surveys of a running node: a status page refreshing every few seconds shows a figure at most this old. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);

    private static final Logger Log = LoggerFactory.getLogger(RedisFootprint.class);

    private final RedisConnector redis;
    private final String clientName;
    private final long intervalMillis;
    private final Clock clock;
    private final FootprintSurvey survey;
    private final Object surveyLock = new Object();
    private boolean surveyed; // guarded by surveyLock, as are latestAt, latest and latestFailure
    private long latestAt;
    private FootprintSample latest;
    private RuntimeException latestFailure;
    private StatefulConnection<byte[], byte[]> connection; // guarded by this
    private boolean closed;

    /**
     * @param clientName name of the survey's own connection in {@code CLIENT LIST}
     */
    public RedisFootprint(RedisConnector redis, KeySpace keys, String clientName, Duration interval, Clock clock) {
        this.redis = redis;
        this.clientName = clientName;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
        this.survey = new FootprintSurvey(keys, new Random(), clock);
    }

    public RedisFootprint(RedisConnector redis, KeySpace keys, String clientName) {
        this(redis, keys, clientName, INTERVAL, Clock.systemUTC());
    }

    /**
     * The latest survey, run now if the latest is older than the interval.
     *
     * @throws RedisException when the latest survey failed (it is not tried again before the interval has passed)
     */
    public FootprintSample current() {
        synchronized (surveyLock) {
            long now = clock.millis();
            if (!surveyed || now - latestAt >= intervalMillis) {
                surveyed = true;
                latestAt = now;
                try {
                    latest = survey.take(RedisConnector.syncOf(connection()));
                    latestFailure = null;
                } catch (RuntimeException e) {
                    Log.debug("Counting the cluster's Redis keys failed: {}", e.toString());
                    latest = null;
                    latestFailure = e;
                }
            }
            if (latestFailure != null) {
                throw new RedisException(latestFailure.getMessage(), latestFailure);
            }
            return latest;
        }
    }

    private synchronized StatefulConnection<byte[], byte[]> connection() {
        if (closed) {
            throw new RedisException("the cluster's Redis connections are closed");
        }
        if (connection == null) {
            connection = redis.newConnection(clientName);
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
