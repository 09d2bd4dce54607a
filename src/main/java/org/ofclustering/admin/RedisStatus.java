package org.ofclustering.admin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Redis as the local node sees it.
 *
 * @param mode                   standalone, sentinel or cluster (as configured)
 * @param addresses              configured addresses, without credentials
 * @param reachable              the last command succeeded
 * @param roundTrip              duration of the last PING, or null when unknown
 * @param footprint              this cluster's keys and their memory, or null when unknown
 * @param problem                why Redis is not reachable, or null
 * @param locks                  this node's cluster lock activity, or null when unknown
 */
public record RedisStatus(String mode, List<String> addresses, boolean reachable, Duration roundTrip,
                          KeyFootprint footprint, String problem, LockActivity locks) {
    public RedisStatus {
        Objects.requireNonNull(mode, "mode");
        addresses = List.copyOf(addresses);
    }
}
