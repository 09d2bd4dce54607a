package org.ofclustering.bench;

import org.ofclustering.e2e.AdminConsole;
import org.ofclustering.e2e.OpenfireCluster;
import org.ofclustering.e2e.OpenfireNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster lock counters of every node of a cluster, read from each node's status page (the
 * Redis box), summed over the nodes. Read outside the windows in which Redis commands are counted:
 * the status page itself sends Redis commands.
 */
final class LockProfile {
    private static final Pattern ROW = Pattern.compile("<tr><th>([^<]*)</th><td>([^<]*)</td></tr>");
    private static final Pattern NUMBER = Pattern.compile("[0-9][0-9,]*");

    private LockProfile() {
    }

    /** Figure name → sum over the nodes; empty when a page could not be read. */
    static Map<String, Long> read(OpenfireCluster cluster) {
        Map<String, Long> sums = new LinkedHashMap<>();
        try {
            for (OpenfireNode node : cluster.nodes()) {
                String page = AdminConsole.login(node, OpenfireCluster.ADMIN_PASSWORD)
                        .get("plugins/clustering/clustering-status.jsp?fragment=true&decorator=none");
                Matcher row = ROW.matcher(page);
                while (row.find()) {
                    String label = row.group(1);
                    if (label.equals("Lock acquisitions")) {
                        Matcher n = NUMBER.matcher(row.group(2));
                        add(sums, "acquisitions without Redis", n.find() ? n.group() : "0");
                        add(sums, "acquisitions through Redis", n.find() ? n.group() : "0");
                    } else if (label.startsWith("Route lookups on locks owned elsewhere")) {
                        add(sums, "single-read sections", row.group(2));
                    } else if (label.equals("Locks handed to other nodes")) {
                        add(sums, "hand-overs", row.group(2));
                    } else if (label.equals("Requests for locks other nodes owned")) {
                        add(sums, "refusals (owned elsewhere)", row.group(2));
                    }
                }
            }
        } catch (Exception | AssertionError e) {
            System.err.println("lock counters not readable from the status pages: " + e);
            return Map.of();
        }
        return sums;
    }

    /** after − before per figure. */
    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    private static void add(Map<String, Long> sums, String name, String text) {
        Matcher n = NUMBER.matcher(text);
        long value = n.find() ? Long.parseLong(n.group().replace(",", "")) : 0;
        sums.merge(name, value, Long::sum);
    }
}
