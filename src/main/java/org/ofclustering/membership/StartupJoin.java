package org.ofclustering.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The join at start, waiting up to one lease length (plus two heartbeats) for a lease on this
 * node id to expire: a server with a fixed NodeID restarted right after a crash finds the lease of
 * its previous run, while a twin that is alive keeps renewing and is reported.
 */
final class StartupJoin {
    private static final Logger Log = LoggerFactory.getLogger(MembershipService.class);

    private final String nodeId;
    private final MembershipSettings settings;
    private final long attemptTimeoutMs;

    StartupJoin(String nodeId, MembershipSettings settings, long attemptTimeoutMs) {
        this.nodeId = nodeId;
        this.settings = settings;
        this.attemptTimeoutMs = attemptTimeoutMs;
    }

    /**
     * @param attempt sends one join; its future completes when this node is a member
     * @throws NodeIdInUseException when the node id stays taken
     * @throws MembershipException  when Redis does not accept the lease or does not answer
     */
    void run(Supplier<CompletableFuture<Void>> attempt) {
        long giveUp = System.nanoTime() + settings.leaseLength().plus(settings.heartbeatInterval().multipliedBy(2)).toNanos();
        boolean waitLogged = false;
        while (true) {
            try {
                attempt.get().get(attemptTimeoutMs, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof NodeIdInUseException inUse)) {
                    throw cause instanceof MembershipException me ? me : new MembershipException(
                            "could not join the cluster: Redis did not accept the lease (" + Futures.describe(cause) + ")", cause);
                }
                if (System.nanoTime() - giveUp > 0) {
                    throw inUse;
                }
                if (!waitLogged) {
                    waitLogged = true;
                    Log.warn("Node id {} still has a live lease, perhaps of a previous run of this server; "
                            + "waiting up to {} ms for it to expire", nodeId, settings.leaseLength().toMillis());
                }
                pause(settings.heartbeatInterval().toMillis());
            } catch (TimeoutException e) {
                throw new MembershipException("could not join the cluster: no answer from Redis within " + attemptTimeoutMs + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MembershipException("interrupted while joining the cluster");
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MembershipException("interrupted while joining the cluster");
        }
    }
}
