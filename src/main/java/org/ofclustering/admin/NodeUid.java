package org.ofclustering.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code UID} parameter of the node page. Openfire's clustering page builds it as the URL-safe
 * Base64 encoding (with padding) of the NodeID bytes; the NodeID bytes are the UTF-8 text of the
 * node id. The standard alphabet is accepted too, for links built by older pages.
 */
final class NodeUid {
    private NodeUid() {
    }

    static String encode(String nodeId) {
        return Base64.getUrlEncoder().encodeToString(nodeId.getBytes(StandardCharsets.UTF_8));
    }

    /** The node id, or empty when the parameter is missing or not Base64. */
    static Optional<String> decode(String uid) {
        if (uid == null || uid.isBlank()) {
            return Optional.empty();
        }
        String urlSafe = uid.trim().replace('+', '-').replace('/', '_');
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(urlSafe), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
