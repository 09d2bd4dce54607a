package org.ofclustering.bridge;

import org.ofclustering.config.SettingTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transfers one node holds and every change of their state: pairing, linking, activation,
 * deadlines, the relay threads and closing (which releases the Redis claim). One lock guards the
 * table; no network call is made while holding it.
 */
final class TransferTable {
    private static final Logger Log = LoggerFactory.getLogger(TransferTable.class);

    /** Outcome of {@link #admit}. */
    enum Admission { CREATED, PAIRED, THIRD_LEG, FULL }

    private final BridgeSettings settings;
    private final TransferClaims claims;
    private final ThreadPoolExecutor relays;
    private final ScheduledThreadPoolExecutor timers;
    private final DirectBufferPool buffers;
    private final Object lock = new Object();
    private final Map<String, Transfer> transfers = new HashMap<>();
    private final LongAdder bytesMoved = new LongAdder();
    private final LongAdder transfersCompleted = new LongAdder();
    private volatile boolean stopping;

    TransferTable(BridgeSettings settings, TransferClaims claims, ThreadPoolExecutor relays,
                  ScheduledThreadPoolExecutor timers) {
        this.settings = settings;
        this.claims = claims;
        this.relays = relays;
        this.timers = timers;
        this.buffers = new DirectBufferPool(settings.bufferSize(), 2 * settings.maxTransfers());
    }

    /**
     * A SOCKS5 leg for {@code digest}: pairs it with a waiting local leg (PAIRED, {@code holder[0]}
     * is that transfer), or records a new transfer in state CLAIMING (CREATED), or refuses it.
     */
    Admission admit(String digest, Leg leg, String legToken, Transfer[] holder) {
        synchronized (lock) {
            Transfer existing = transfers.get(digest);
            if (existing != null) {
                if (existing.state != Transfer.State.WAITING || existing.role != Transfer.Role.LOCAL || existing.second != null) {
                    return Admission.THIRD_LEG;
                }
                existing.second = leg;
                existing.state = Transfer.State.PAIRED;
                armDeadline(existing, settings.activationTimeout(), "not activated");
                holder[0] = existing;
                return Admission.PAIRED;
            }
            if (transfers.size() >= settings.maxTransfers()) {
                return Admission.FULL;
            }
            Transfer created = new Transfer(digest, legToken);
            created.first = leg;
            transfers.put(digest, created);
            armDeadline(created, settings.pairTimeout(), "other leg did not connect");
            holder[0] = created;
            return Admission.CREATED;
        }
    }

    /** The new transfer's first leg is registered; false when it was closed meanwhile. */
    boolean markWaiting(Transfer transfer) {
        synchronized (lock) {
            if (transfer.state == Transfer.State.CLOSED) {
                return false;
            }
            if (transfer.state == Transfer.State.CLAIMING) {
                transfer.state = Transfer.State.WAITING;
            } // else a link from the second leg's node attached already (PAIRED)
            return true;
        }
    }

    void markClaimed(Transfer transfer) {
        synchronized (lock) {
            transfer.claimed = true;
        }
    }

    /**
     * The second leg's node linked in: attaches the link as second leg of the local transfer.
     * Returns the transfer, or null with the refusal in {@code status[0]}.
     */
    Transfer attachLink(String digest, Leg link, String remoteNode, ActivationResult[] status) {
        synchronized (lock) {
            Transfer transfer = transfers.get(digest);
            if (transfer == null) {
                status[0] = ActivationResult.UNKNOWN;
                return null;
            }
            if ((transfer.state != Transfer.State.WAITING && transfer.state != Transfer.State.CLAIMING)
                    || transfer.role != Transfer.Role.LOCAL || transfer.second != null) {
                status[0] = ActivationResult.NOT_READY;
                return null;
            }
            transfer.second = link;
            transfer.role = Transfer.Role.OWNER;
            transfer.remoteNode = remoteNode;
            transfer.state = Transfer.State.PAIRED;
            armDeadline(transfer, settings.activationTimeout(), "not activated");
            status[0] = ActivationResult.ACTIVATED;
            return transfer;
        }
    }

    /** The local leg is the second one: relay it over {@code link} to the owner; false when closed meanwhile. */
    boolean becomeRelay(Transfer transfer, Leg link, String owner) {
        synchronized (lock) {
            if (transfer.state != Transfer.State.CLAIMING) {
                return false;
            }
            transfer.role = Transfer.Role.RELAY;
            transfer.remoteNode = owner;
            transfer.second = transfer.first;
            transfer.first = link;
            transfer.state = Transfer.State.ACTIVE;
            transfer.idleSince = System.nanoTime();
            transfer.released.countDown();
            cancelDeadline(transfer);
            return true;
        }
    }

    /** Activates a transfer whose first leg is here, or null when this node holds no such transfer. */
    ActivationResult activateIfHeld(String digest) {
        synchronized (lock) {
            Transfer transfer = transfers.get(digest);
            if (transfer == null || transfer.role == Transfer.Role.RELAY) {
                return null;
            }
            switch (transfer.state) {
                case CLAIMING, WAITING:
                    return ActivationResult.NOT_READY;
                case ACTIVE:
                    return ActivationResult.ALREADY_ACTIVE;
                case CLOSED:
                    return ActivationResult.UNKNOWN;
                default:
                    transfer.state = Transfer.State.ACTIVE;
                    transfer.idleSince = System.nanoTime();
                    transfer.released.countDown();
                    cancelDeadline(transfer);
                    Log.debug("Transfer {} activated", digest);
                    return ActivationResult.ACTIVATED;
            }
        }
    }

    /** The node holding the first leg of a transfer this node relays, or null. */
    String relayedTo(String digest) {
        synchronized (lock) {
            Transfer transfer = transfers.get(digest);
            return transfer != null && transfer.role == Transfer.Role.RELAY ? transfer.remoteNode : null;
        }
    }

    /** Starts reading a leg (see {@link Pump}); closes the transfer when no thread is available. */
    boolean startPump(Transfer t, Leg from) {
        AtomicLong counter = from == t.second ? t.bytesToFirst : t.bytesToSecond;
        try {
            relays.execute(new Pump(t, from, counter, bytesMoved, settings.bufferSize(), buffers, pumpBridge));
            return true;
        } catch (RejectedExecutionException e) {
            close(t, stopping ? "bridge stopped" : "no relay thread available");
            return false;
        }
    }

    private final Pump.Bridge pumpBridge = new Pump.Bridge() {
        @Override
        public Leg awaitActivation(Transfer transfer, Leg from) throws InterruptedException {
            transfer.released.await();
            synchronized (lock) {
                return transfer.state == Transfer.State.ACTIVE ? transfer.other(from) : null;
            }
        }

        @Override
        public void directionEnded(Transfer transfer, Leg from, IOException failure) {
            TransferTable.this.directionEnded(transfer, from, failure);
        }
    };

    private void directionEnded(Transfer transfer, Leg from, IOException failure) {
        boolean closeNow;
        String reason;
        synchronized (lock) {
            if (transfer.state == Transfer.State.CLOSED) {
                return;
            }
            if (failure != null) {
                closeNow = true;
                reason = (from.link ? "link lost: " : "peer lost: ") + failure.getMessage();
            } else if (transfer.state != Transfer.State.ACTIVE) {
                closeNow = true;
                reason = (from.link ? "other node closed the link" : "client left") + " before activation";
            } else {
                reason = "completed";
                transfer.other(from).shutdownOutput();
                transfer.directionsEnded++;
                closeNow = transfer.directionsEnded >= 2;
                if (!closeNow) {
                    armDeadline(transfer, settings.closeGrace(), "other direction still open after end of stream");
                }
            }
        }
        if (closeNow) {
            close(transfer, reason);
        }
    }

    /** Closes both legs, removes the transfer and releases its claim. Idempotent. */
    void close(Transfer transfer, String reason) {
        Transfer.State previous;
        synchronized (lock) {
            previous = transfer.state;
            if (previous == Transfer.State.CLOSED) {
                return;
            }
            transfer.state = Transfer.State.CLOSED;
            transfer.released.countDown();
            transfers.remove(transfer.digest, transfer);
            cancelDeadline(transfer);
        }
        if (transfer.first != null) {
            transfer.first.close();
        }
        if (transfer.second != null) {
            transfer.second.close();
        }
        if (claims != null && transfer.claimed) {
            claims.release(transfer.digest, transfer.legToken);
        }
        if (previous == Transfer.State.ACTIVE) {
            transfersCompleted.increment();
            Log.info("Transfer {} ({}{}) ended, {} bytes to target, {} back: {}", transfer.digest, transfer.role,
                    transfer.remoteNode == null ? "" : " with node " + transfer.remoteNode, transfer.bytesToFirst.get(),
                    transfer.bytesToSecond.get(), reason);
        } else {
            Log.info("Transfer {} closed before it was active ({}): {}", transfer.digest, previous, reason);
        }
    }

    /** Removes a transfer whose leg was refused (the caller answers and closes the leg). */
    void forget(Transfer transfer) {
        synchronized (lock) {
            transfer.state = Transfer.State.CLOSED;
            transfer.released.countDown();
            transfers.remove(transfer.digest, transfer);
            cancelDeadline(transfer);
        }
    }

    /** Closes every transfer linked to {@code otherNode}. */
    void closeLinkedTo(String otherNode, String reason) {
        List<Transfer> affected = new ArrayList<>();
        synchronized (lock) {
            for (Transfer t : transfers.values()) {
                if (otherNode.equals(t.remoteNode)) {
                    affected.add(t);
                }
            }
        }
        for (Transfer t : affected) {
            close(t, reason + ": " + otherNode);
        }
    }

    /**
     * Closes the active transfers that moved no byte in either direction for the idle timeout; called
     * periodically. A relay leaves a transfer that moved nothing yet to the owner of the first leg,
     * which alone knows when it was activated (the relay's side is active from the moment it linked).
     */
    void closeIdle() {
        long now = System.nanoTime();
        long limit = settings.idleTimeout().toNanos();
        List<Transfer> idle = new ArrayList<>();
        synchronized (lock) {
            for (Transfer t : transfers.values()) {
                long moved = t.bytesToFirst.get() + t.bytesToSecond.get();
                if (t.state != Transfer.State.ACTIVE || (t.role == Transfer.Role.RELAY && moved == 0)) {
                    continue;
                }
                if (moved != t.bytesSeen) {
                    t.bytesSeen = moved;
                    t.idleSince = now;
                } else if (now - t.idleSince >= limit) {
                    idle.add(t);
                }
            }
        }
        for (Transfer t : idle) {
            close(t, "idle, no byte moved in either direction for " + SettingTypes.format(settings.idleTimeout()));
        }
    }

    /** Closes every transfer (the bridge is stopping). */
    void closeAll() {
        stopping = true;
        List<Transfer> all;
        synchronized (lock) {
            all = new ArrayList<>(transfers.values());
        }
        for (Transfer t : all) {
            close(t, "bridge stopped");
        }
    }

    /** Guarded by lock. Replaces the transfer's deadline. */
    private void armDeadline(Transfer transfer, Duration delay, String reason) {
        cancelDeadline(transfer);
        try {
            transfer.deadline = timers.schedule(() -> close(transfer, reason + " within " + delay),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Log.debug("Bridge stopping, no deadline for transfer {}", transfer.digest);
        }
    }

    private static void cancelDeadline(Transfer transfer) {
        if (transfer.deadline != null) {
            transfer.deadline.cancel(false);
            transfer.deadline = null;
        }
    }

    List<TransferStatus> snapshot() {
        long now = System.currentTimeMillis();
        List<TransferStatus> list = new ArrayList<>();
        synchronized (lock) {
            for (Transfer t : transfers.values()) {
                list.add(t.status(now));
            }
        }
        return list;
    }

    long bytesMoved() {
        return bytesMoved.sum();
    }

    long transfersCompleted() {
        return transfersCompleted.sum();
    }
}
