package org.ofclustering.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionLossRetryTest {

    @Test
    void aCommandLostWithItsConnectionIsSentAgainUntilItIsAnswered() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = ConnectionLossRetry.await(() -> attempts.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new RedisConnectionException("Connection closed"))
                : CompletableFuture.completedFuture("OK"), Duration.ofSeconds(5));
        assertEquals("OK", answer);
        assertEquals(3, attempts.get());
    }

    @Test
    void aRefusalOfAResendSaysThatTheLostAttemptMayHaveRun() {
        AtomicInteger attempts = new AtomicInteger();
        RedisCommandExecutionException refusal = new RedisCommandExecutionException("FENCED 1");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> ConnectionLossRetry.await(() -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new RedisConnectionException("Connection closed"))
                : CompletableFuture.failedFuture(refusal), Duration.ofSeconds(5)));
        assertSame(refusal, thrown);
        assertTrue(ConnectionLossRetry.followedLostAttempt(thrown));
        assertTrue(ConnectionLossRetry.followedLostAttempt(new IllegalStateException("wrapped", thrown)));
    }

    @Test
    void aRefusalOfAFirstAttemptIsPlain() {
        RedisCommandExecutionException refusal = new RedisCommandExecutionException("FENCED 1");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> ConnectionLossRetry.await(() -> CompletableFuture.failedFuture(refusal), Duration.ofSeconds(5)));
        assertFalse(ConnectionLossRetry.followedLostAttempt(thrown));
    }
}
