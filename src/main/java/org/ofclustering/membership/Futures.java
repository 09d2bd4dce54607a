package org.ofclustering.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for and describing the outcome of asynchronous membership calls. */
final class Futures {
    private static final Logger Log = LoggerFactory.getLogger(MembershipService.class);

    private Futures() {
    }

    /** Waits for a step of leaving or joining; a timeout or failure is logged, since the caller carries on either way. */
    static void await(CompletableFuture<?> f, long timeoutMs, String what) {
        try {
            f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Log.warn("Gave up waiting for {} after {} ms", what, timeoutMs);
        } catch (ExecutionException e) {
            Log.warn("{} failed: {}", what, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String describe(Throwable e) {
        Throwable c = unwrap(e);
        if (c instanceof TimeoutException) {
            return "no answer in time";
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
