package org.ofclustering.bridge;

import java.util.List;

/**
 * A snapshot of one node's bridge for the admin console.
 *
 * @param nodeId             this node
 * @param socksPort          bound SOCKS5 port
 * @param linkPort           bound link port
 * @param waitingLegs        transfers with one leg only
 * @param pairedTransfers    transfers with both legs, waiting for activation
 * @param activeTransfers    transfers moving bytes through this node
 * @param crossNodeLinks     open links to other nodes (one per cross-node transfer)
 * @param bytesMoved         bytes relayed by this node since start
 * @param transfersCompleted activated transfers that ended since start
 * @param linksOpened        links opened or accepted since start
 * @param linkRefusals       link connections closed because they failed authentication
 * @param clientRefusals     SOCKS5 connections refused (protocol errors, third legs, limits)
 * @param transfers          every transfer this node holds
 */
public record BridgeStatus(String nodeId, int socksPort, int linkPort, int waitingLegs, int pairedTransfers,
                           int activeTransfers, int crossNodeLinks, long bytesMoved, long transfersCompleted,
                           long linksOpened, long linkRefusals, long clientRefusals, List<TransferStatus> transfers) {
}
