package org.ofclustering.openfire;

/** Clustering cannot start; the message says why in words an administrator can act on. */
final class ClusterStartException extends RuntimeException {
    ClusterStartException(String message) {
        super(message);
    }

    ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
