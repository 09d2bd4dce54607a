/**
 * Cluster-wide locks on Redis: re-entrant per thread, exclusive across nodes, held under a lease
 * that a watchdog renews, with a node-local lock per key in front of the remote one.
 */
package org.ofclustering.lock;
