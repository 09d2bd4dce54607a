package org.ofclustering.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * A host and port offered to XMPP clients as an XEP-0065 stream host.
 */
public record StreamHost(String host, int port) {
    public StreamHost {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("stream host name is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("stream host port " + port + " must be between 1 and 65535");
        }
    }

    /**
     * Parses a comma-separated list of {@code host} or {@code host:port} entries (an IPv6 address in
     * brackets, e.g. {@code [::1]:7777}); entries without a port get {@code defaultPort}.
     *
     * @throws IllegalArgumentException naming the entry that is malformed
     */
    public static List<StreamHost> parseList(String text, int defaultPort) {
        List<StreamHost> result = new ArrayList<>();
        if (text == null) {
            return result;
        }
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry;
            int port = defaultPort;
            int colon = entry.lastIndexOf(':');
            boolean bracketed = entry.startsWith("[");
            if (colon > 0 && (!bracketed || entry.lastIndexOf(']') < colon) && (bracketed || entry.indexOf(':') == colon)) {
                host = entry.substring(0, colon);
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("stream host '" + entry + "' has no valid port");
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            result.add(new StreamHost(host, port));
        }
        return result;
    }
}
