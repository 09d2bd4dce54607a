package org.ofclustering.bridge;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One transfer as this node sees it. The first leg to arrive is normally the XEP-0065 target (the
 * receiver), the second the initiator (the sender). Fields are guarded by the bridge's registry lock,
 * except the byte counters, which the relaying threads update.
 */
final class Transfer {
    enum State { CLAIMING, WAITING, PAIRED, ACTIVE, CLOSED }

    /**
     * LOCAL: both legs on this node. OWNER: first leg here, second leg reached through an inbound
     * link. RELAY: second leg here, relayed over an outbound link to the owner of the first leg.
     */
    enum Role { LOCAL, OWNER, RELAY }

    final String digest;
    final String legToken;
    final long createdAt = System.currentTimeMillis();
    final AtomicLong bytesToFirst = new AtomicLong();
    final AtomicLong bytesToSecond = new AtomicLong();
    /** Opened when the transfer becomes active or closes; the legs' pumps wait on it before writing. */
    final CountDownLatch released = new CountDownLatch(1);

    State state = State.CLAIMING;
    Role role = Role.LOCAL;
    boolean claimed;
    Leg first;
    Leg second;
    String remoteNode;
    ScheduledFuture<?> deadline;
    int directionsEnded;
    /** Bytes moved in both directions when the idle check last looked, and since when (System.nanoTime). */
    long bytesSeen;
    long idleSince;

    Transfer(String digest, String legToken) {
        this.digest = digest;
        this.legToken = legToken;
    }

    /** The leg at the other end from {@code leg}. */
    Leg other(Leg leg) {
        return leg == first ? second : first;
    }

    TransferStatus status(long now) {
        return new TransferStatus(digest, state.name(), role.name(), remoteNode, bytesToFirst.get(),
                bytesToSecond.get(), now - createdAt);
    }
}
