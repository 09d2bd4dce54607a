package org.ofclustering.membership;

/** Joining or leaving the cluster failed; the message says why in terms an administrator can act on. */
public class MembershipException extends RuntimeException {
    public MembershipException(String message) {
        super(message);
    }

    public MembershipException(String message, Throwable cause) {
        super(message, cause);
    }
}
