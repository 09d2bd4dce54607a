package org.ofclustering.bridge;

/**
 * Outcome of {@code activate} for one transfer digest, wherever the legs are. The XMPP side maps it
 * to the IQ answer of XEP-0065 (result, or item-not-found / not-allowed / internal-server-error).
 */
public enum ActivationResult {
    /** Both legs were connected; bytes now flow. */
    ACTIVATED(0),
    /** No leg of this transfer is known to the cluster. */
    UNKNOWN(1),
    /** Only one leg is connected so far. */
    NOT_READY(2),
    /** The transfer was activated before. */
    ALREADY_ACTIVE(3),
    /** The node holding the legs could not be reached or failed. */
    FAILED(4);

    final int code;

    ActivationResult(int code) {
        this.code = code;
    }

    static ActivationResult ofCode(int code) {
        for (ActivationResult r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return FAILED;
    }
}
