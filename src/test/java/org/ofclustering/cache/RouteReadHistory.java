package org.ofclustering.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history of a {@link RouteReadCheckIT} run and its invariant. A Redis dataset lasts from one
 * start of Redis to the next kill. A read by node R within one membership period T (R's token the
 * same before and after the read) sees the dataset R joined in, or has not seen Redis at all; so if
 * the route's owner O had put it into that dataset before the read began, the read must find it.
 * Reading "absent" then means the read was answered by a later, empty dataset under a period that
 * belongs to the earlier one: the failure this check exists for.
 */
final class RouteReadHistory {
    private record Read(String reader, String owner, long start, long end, long before, long after, String result) {
    }

    private final List<Long> restarts;
    /** Per node: restore time (nanoTime) per membership period. */
    private final Map<String, Map<Long, Long>> restored = new HashMap<>();
    /** Per node: restore times in order, to find the latest before a moment. */
    private final Map<String, TreeMap<Long, Long>> restoresByTime = new HashMap<>();
    private final List<Read> reads = new ArrayList<>();
    private long checked;
    private long nullsAllowed;

    private RouteReadHistory(List<Long> restarts) {
        this.restarts = List.copyOf(restarts);
    }

    static RouteReadHistory load(List<String> nodes, List<Path> files, List<Long> restarts) throws IOException {
        RouteReadHistory h = new RouteReadHistory(restarts);
        for (int i = 0; i < files.size(); i++) {
            String node = nodes.get(i);
            for (String line : Files.readAllLines(files.get(i), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f[0].equals("R")) {
                    long token = Long.parseLong(f[1]);
                    long at = Long.parseLong(f[2]);
                    h.restored.computeIfAbsent(node, n -> new HashMap<>()).put(token, at);
                    h.restoresByTime.computeIfAbsent(node, n -> new TreeMap<>()).put(at, token);
                } else if (f[0].equals("Q") && f.length == 7) {
                    h.reads.add(new Read(node, f[1], Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Long.parseLong(f[4]), Long.parseLong(f[5]), f[6]));
                }
            }
        }
        return h;
    }

    /** The dataset a moment belongs to: how many restarts happened before it. */
    private int dataset(long nanos) {
        int n = 0;
        for (long r : restarts) {
            if (r <= nanos) {
                n++;
            }
        }
        return n;
    }

    List<String> check() {
        List<String> violations = new ArrayList<>();
        checked = 0;
        nullsAllowed = 0;
        for (Read q : reads) {
            if (q.before() < 0 || q.before() != q.after()) {
                continue; // not within one membership period
            }
            Long joined = restored.getOrDefault(q.reader(), Map.of()).get(q.before());
            TreeMap<Long, Long> ownerRestores = restoresByTime.get(q.owner());
            if (joined == null || ownerRestores == null) {
                continue;
            }
            Map.Entry<Long, Long> ownerLatest = ownerRestores.floorEntry(q.start());
            if (ownerLatest == null || dataset(ownerLatest.getKey()) != dataset(joined)) {
                if (q.result().equals("null")) {
                    nullsAllowed++;
                }
                continue; // the owner had not put its routes into the reader's dataset yet: absent is right
            }
            checked++;
            if (q.result().equals("null")) {
                violations.add(q.reader() + " read a route of " + q.owner() + " as absent within its period #" + q.before()
                        + " (joined in dataset " + dataset(joined) + ", read " + q.start() + ".." + q.end()
                        + " ns, answered in dataset " + dataset(q.end()) + "; the owner put it at " + ownerLatest.getKey()
                        + " as #" + ownerLatest.getValue() + ")");
            }
        }
        return violations;
    }

    long checkedReads() {
        return checked;
    }

    long readsAfterLastRestart() {
        long last = restarts.isEmpty() ? Long.MIN_VALUE : restarts.get(restarts.size() - 1);
        return reads.stream().filter(q -> q.start() - last > 0 && !q.result().equals("null") && !q.result().startsWith("EXC")).count();
    }

    String summary() {
        long absent = reads.stream().filter(q -> q.result().equals("null")).count();
        long longest = reads.stream().mapToLong(q -> q.end() - q.start()).max().orElse(0) / 1_000_000;
        return reads.size() + " reads, " + checked + " of routes restored in the reader's dataset, " + absent
                + " absent (" + nullsAllowed + " before the owner restored), longest read " + longest + " ms, "
                + restored.values().stream().mapToInt(Map::size).sum() + " restores";
    }
}
