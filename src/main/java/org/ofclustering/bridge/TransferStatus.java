package org.ofclustering.bridge;

/**
 * One transfer in a {@link BridgeStatus} snapshot.
 *
 * @param digest        the XEP-0065 digest
 * @param state         CLAIMING, WAITING (one leg), PAIRED (both legs, not activated), ACTIVE
 * @param role          LOCAL (both legs here), OWNER (first leg here, second over a link), RELAY (second leg here)
 * @param remoteNode    the node at the other end of the link, or null
 * @param bytesToFirst  bytes relayed towards the first leg (normally the target: the file's bytes)
 * @param bytesToSecond bytes relayed towards the second leg
 * @param ageMillis     time since the leg arrived on this node
 */
public record TransferStatus(String digest, String state, String role, String remoteNode, long bytesToFirst,
                             long bytesToSecond, long ageMillis) {
}
