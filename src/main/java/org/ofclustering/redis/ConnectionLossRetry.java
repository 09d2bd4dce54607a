package org.ofclustering.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.PartitionSelectorException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Sends a command again when the connection it went out on was lost before the answer came (a
 * Redis restart or fail-over: the client fails the commands in flight and reconnects by itself),
 * or Redis answered that it cannot serve it for the moment ({@link #isConnectionLoss}),
 * for commands that may safely run twice: reads, and scripts whose second run finds their own
 * result (a lock acquisition that already owns the lock, a write of the same value). A command
 * refused by Redis, or one that timed out, is not repeated. The repeats are bounded by the
 * command timeout, counted from the first attempt, so a caller never waits longer than that
 * plus one command.
 *
 * <p>A command lost with its connection may still have run in Redis (the connection can close after
 * Redis read it). When a command sent again then fails for another reason (say, a fence check
 * refuses it because the node's lease ended meanwhile), that failure does not prove the first
 * attempt had no effect: it carries a {@link LostAttempt} as suppressed exception, which
 * {@link #followedLostAttempt} finds.
 */
public final class ConnectionLossRetry {
    private static final long PAUSE_MILLIS = 20;

    private ConnectionLossRetry() {
    }

    /** Runs {@code command} on {@code redis} and waits for its answer, sending it again as described above within the command timeout. */
    public static <T> T await(Supplier<CompletableFuture<T>> command, RedisConnector redis) {
        return await(command, redis.settings().commandTimeout());
    }

    /**
     * Runs {@code command} and waits for its answer, sending it again after a connection loss
     * until {@code bound} has passed since the first attempt.
     */
    public static <T> T await(Supplier<CompletableFuture<T>> command, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Throwable lost = null;
        while (true) {
            try {
                return command.get().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while waiting for Redis", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!isConnectionLoss(cause) || System.nanoTime() - deadline > 0) {
                    RuntimeException failure = cause instanceof RuntimeException r ? r : new RedisException(cause);
                    if (lost != null && !isConnectionLoss(cause)) {
                        failure.addSuppressed(new LostAttempt(lost));
                    }
                    throw failure;
                }
                lost = cause;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while waiting for Redis to come back", e);
            }
        }
    }

    /**
     * Whether this failure (or one it wraps) ended a command that had been sent before and lost with
     * its connection, so that the earlier attempt may have run although this one failed.
     */
    public static boolean followedLostAttempt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof LostAttempt) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Marks a failure that followed a lost attempt of the same command (see the class comment). */
    public static final class LostAttempt extends RedisException {
        public LostAttempt(Throwable lost) {
            super("an earlier attempt of this command was lost with its connection and may have run: " + lost, lost);
        }
    }

    /**
     * Whether a command failed because its connection went away, or because Redis answered "not
     * now" in a fail-over ({@code CLUSTERDOWN} while a Redis Cluster promotes a replica, or no
     * known master for the slot while the failed one is left out of the client's topology,
     * {@code TRYAGAIN} during a slot migration, {@code LOADING} while a restarted server reads its
     * data): the command did not run, and may be sent again.
     */
    public static boolean isConnectionLoss(Throwable failure) {
        if (failure instanceof RedisCommandTimeoutException) {
            return false;
        }
        if (failure instanceof RedisCommandExecutionException && failure.getMessage() != null) {
            String m = failure.getMessage();
            return m.startsWith("CLUSTERDOWN") || m.startsWith("TRYAGAIN") || m.startsWith("LOADING");
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof PartitionSelectorException) {
                return true; // Redis Cluster: the slot's failed master is left out and its replica not promoted yet
            }
            if (t.getClass() == RedisException.class && t.getMessage() != null
                    && (t.getMessage().contains("Connection closed") || t.getMessage().contains("Connection reset")
                    || t.getMessage().contains("not connected"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
