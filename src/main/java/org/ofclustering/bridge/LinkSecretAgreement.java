package org.ofclustering.bridge;

import org.ofclustering.config.Secret;
import org.ofclustering.database.FirstWrittenProperty;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Decides the cluster's node-to-node link secret: a configured one is kept; otherwise every node
 * proposes a random one and the shared database keeps the first that was stored, so nodes
 * starting at the same moment end up with the same secret (links between nodes with different
 * secrets would be refused).
 */
public final class LinkSecretAgreement {
    /** Where the secret came from. */
    public enum Source {
        /** The property was set (or loaded by Openfire at boot). */
        CONFIGURED,
        /** This node generated it and stored it first. */
        GENERATED,
        /** Another node stored one first, before or while this node proposed its own. */
        STORED_BY_ANOTHER_NODE
    }

    /** The secret every node uses, and where it came from. */
    public record Agreement(Secret secret, Source source) {
    }

    private static final int SECRET_BYTES = 32;

    private final String propertyName;
    private final FirstWrittenProperty store;
    private final SecureRandom random = new SecureRandom();

    public LinkSecretAgreement(String propertyName, FirstWrittenProperty store) {
        this.propertyName = propertyName;
        this.store = store;
    }

    /**
     * @param configured the property's value as this node knows it, or null
     * @throws SQLException when no secret could be stored or read
     */
    public Agreement agree(Secret configured) throws SQLException {
        if (configured != null) {
            return new Agreement(configured, Source.CONFIGURED);
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        FirstWrittenProperty.Stored stored = store.claim(propertyName, candidate);
        return new Agreement(Secret.ofNullable(stored.value()),
                stored.writtenHere() ? Source.GENERATED : Source.STORED_BY_ANOTHER_NODE);
    }
}
