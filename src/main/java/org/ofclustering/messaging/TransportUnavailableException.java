package org.ofclustering.messaging;

/**
 * The transport cannot send right now: not started, closed, or the broker connection is lost and
 * being recovered. Sends fail fast with this rather than queue up in memory. Deliberately not an
 * {@link IllegalStateException}: the node the task was meant for is not known to be gone.
 */
public class TransportUnavailableException extends RuntimeException {
    public TransportUnavailableException(String message) {
        super(message);
    }

    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
