package org.ofclustering.membership;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The text form of a member's registry entry: one {@code name=value} pair per line, values
 * URL-encoded so that any host name or version string survives. The registry script prepends the
 * {@code order} and {@code joinedAt} lines it assigns; unknown names are ignored so that newer
 * versions can add fields.
 */
final class MemberInfoCodec {
    private MemberInfoCodec() {
    }

    /**
     * The fields a node announces (everything except order and join time). The {@code instance}
     * line identifies the announcing process; see {@link #instanceMarker(String)}.
     */
    static String encodeAnnouncement(LocalNode node, String instance) {
        return "host=" + enc(node.hostName())
                + instanceMarker(instance)
                + "bridgeHost=" + enc(node.bridgeHost() == null ? "" : node.bridgeHost())
                + "\nbridgePort=" + node.bridgePort()
                + "\nversion=" + enc(node.version());
    }

    /** The instance line as it appears inside an entry, newlines included, for an exact search. */
    static String instanceMarker(String instance) {
        return "\ninstance=" + enc(instance) + "\n";
    }

    /** Parses an entry as stored by the registry; fails with the node id and text when it is malformed. */
    static MemberInfo decode(String nodeId, String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        try {
            String bridgeHost = fields.getOrDefault("bridgeHost", "");
            return new MemberInfo(nodeId, fields.getOrDefault("host", ""),
                    Long.parseLong(fields.get("order")), Long.parseLong(fields.get("joinedAt")),
                    bridgeHost.isEmpty() ? null : bridgeHost,
                    Integer.parseInt(fields.getOrDefault("bridgePort", "0")), fields.getOrDefault("version", ""));
        } catch (RuntimeException e) {
            throw new IllegalStateException("malformed registry entry for node " + nodeId + ": '"
                    + text.replace('\n', ' ') + "'", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
