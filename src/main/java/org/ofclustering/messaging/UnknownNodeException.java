package org.ofclustering.messaging;

/**
 * A task was addressed to a node that is not a live member, or whose queue no longer exists.
 * An {@link IllegalStateException}, the type Openfire's packet router expects for an unreachable node.
 */
public class UnknownNodeException extends IllegalStateException {
    public UnknownNodeException(String message) {
        super(message);
    }
}
