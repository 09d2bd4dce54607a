/**
 * The cluster-aware XEP-0065 SOCKS5 file-transfer proxy: per-node SOCKS5 listener, pairing of the
 * two legs of a transfer by digest (locally or across nodes through a Redis claim), authenticated
 * node-to-node links that carry the bytes, and activation from any node. Entry point:
 * {@link org.ofclustering.bridge.FileTransferBridge}.
 */
package org.ofclustering.bridge;
