package org.ofclustering.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recorded sections of a lock check ({@link LockCheckNodeMain}) and the checker of their
 * invariants. A section whose end was never recorded (its node was killed), or that ended with an
 * error that leaves open whether Redis applied its write (a timeout), is <em>unknown</em>: it may
 * or may not have written. A write refused by the fence changed nothing, unless it was a resend
 * after its connection was lost (outcome {@code …AfterLostAttempt}): the first attempt may have run.
 *
 * <p>Checked, per key:
 * <ol>
 *   <li><b>exclusion</b>: no two locked sections overlap in time, among the sections whose node still
 *       held a valid lease of the membership period the lock was taken in when the section ended (a
 *       node frozen past its lease finds its writes refused, also after it rejoined under a new
 *       period while the section waited; it is the others' turn meanwhile). A section whose lease
 *       another member's connection watch ended while the node still believed it valid is left out
 *       the same way: the lease ended in Redis at that instant, so its writes were refused;</li>
 *   <li><b>no lost update</b>: the applied increments of a counter form one chain, each reading the
 *       value the previous one wrote, up to the unknown sections (each may have added one);</li>
 *   <li><b>reads see the latest write</b>: a read under the lock returns the value of the last applied
 *       write before it; a single-read section returns a value that was current at some instant
 *       within its duration.</li>
 * </ol>
 */
final class SectionHistory {
    static final class Section {
        String thread;
        String node;
        long seq;
        String kind;
        int key;
        long start;
        long end = Long.MAX_VALUE;
        int read = -1;
        int written = -1;
        String outcome = "unknown";
        boolean valid;
        /** The lease was ended by another member's connection watch while this node still believed it valid. */
        boolean evicted;

        boolean ended() {
            return end != Long.MAX_VALUE;
        }

        boolean applied() {
            return ended() && written >= 0 && outcome.equals("ok");
        }

        /** A write that may or may not have been applied: its node died in the section, or it failed on the way. */
        boolean unknown() {
            if (kind.equals("read") || kind.equals("single")) {
                return false;
            }
            if (!ended()) {
                return true;
            }
            if (outcome.equals("ok") || outcome.equals("NodeFencedException") || outcome.equals("ClusterLockLostException")) {
                return false; // applied, or refused by the script as a whole
            }
            return written >= 0; // failed at or after the write
        }

        @Override
        public String toString() {
            return thread + "#" + seq + " " + kind + " key " + key + " [" + start + ", " + (ended() ? end : "never") + "] read "
                    + read + " wrote " + written + " " + outcome + (valid ? "" : evicted ? " (lease ended by the connection watch)" : " (lease invalid at end)");
        }
    }

    private final List<Section> sections = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    static SectionHistory load(List<Path> files) throws IOException {
        SectionHistory h = new SectionHistory();
        for (Path file : files) {
            Map<String, Section> open = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length < 6) {
                    continue; // a line cut by kill -9
                }
                String id = f[1] + "#" + f[2];
                if (f[0].equals("B")) {
                    Section s = new Section();
                    s.thread = f[1];
                    s.node = f[1].substring(0, f[1].lastIndexOf("-t"));
                    s.seq = Long.parseLong(f[2]);
                    s.kind = f[3];
                    s.key = Integer.parseInt(f[4]);
                    s.start = Long.parseLong(f[5]);
                    open.put(id, s);
                    h.sections.add(s);
                } else if (f[0].equals("E") && f.length >= 8) {
                    Section s = open.remove(id);
                    if (s != null) {
                        s.end = Long.parseLong(f[3]);
                        s.read = Integer.parseInt(f[4]);
                        s.written = Integer.parseInt(f[5]);
                        s.outcome = f[6];
                        s.valid = f[7].equals("true");
                        s.evicted = f[7].equals("evicted");
                    }
                }
            }
        }
        return h;
    }

    /**
     * Checks every invariant; {@code finalCache} and {@code finalExternal} are the counters' values
     * read after the run (key → value). Returns the violations (empty: the history is correct).
     */
    List<String> check(Map<Integer, Integer> finalCache, Map<Integer, Integer> finalExternal) {
        violations.clear();
        for (int key = 0; key < LockCheckNodeMain.KEYS; key++) {
            int k = key;
            List<Section> ofKey = sections.stream().filter(s -> s.key == k).sorted(Comparator.comparingLong(s -> s.start)).toList();
            checkExclusion(ofKey);
            checkChain(key, "cache", ofKey, finalCache.getOrDefault(key, 0));
            checkChain(key, "external", ofKey, finalExternal.getOrDefault(key, 0));
            checkReads(ofKey);
        }
        return List.copyOf(violations);
    }

    private void checkExclusion(List<Section> ofKey) {
        Section widest = null;
        for (Section s : ofKey) {
            if (s.kind.equals("single") || !s.ended() || !s.valid) {
                continue;
            }
            if (widest != null && s.start < widest.end) {
                violations.add("two sections inside one lock at once: " + widest + " and " + s);
            }
            if (widest == null || s.end > widest.end) {
                widest = s;
            }
        }
    }

    /** The applied increments of one counter, in order, must each read what the previous one wrote. */
    private void checkChain(int key, String kind, List<Section> ofKey, int finalValue) {
        long unknown = ofKey.stream().filter(s -> s.kind.equals(kind) && s.unknown()).count();
        long slack = unknown;
        int previous = 0;
        for (Section s : ofKey) {
            if (!s.kind.equals(kind) || !s.applied()) {
                continue;
            }
            int gap = s.read - previous;
            if (gap < 0 || gap > slack) {
                violations.add(kind + " counter of key " + key + ": " + s + " read " + s.read + " but the previous applied write left "
                        + previous + (gap < 0 ? " (a lost update or a stale read)" : " (more writes than sections that could have made them)"));
            } else {
                slack -= gap;
            }
            previous = s.written;
        }
        int gap = finalValue - previous;
        if (gap < 0 || gap > slack) {
            violations.add(kind + " counter of key " + key + " ends at " + finalValue + " but its last applied write left " + previous
                    + " with " + slack + " unknown sections left");
        }
    }

    /** Reads under the lock see the last applied write; single reads a value current during them. */
    private void checkReads(List<Section> ofKey) {
        List<Section> writes = ofKey.stream().filter(s -> s.kind.equals("cache") && (s.applied() || s.unknown())).toList();
        for (Section r : ofKey) {
            if (!r.ended() || !r.outcome.equals("ok")) {
                continue;
            }
            if (r.kind.equals("read") && r.valid) {
                int[] bounds = bounds(writes, r.start, r.start);
                if (r.read < bounds[0] || r.read > bounds[1]) {
                    violations.add("a read under the lock missed the latest write: " + r + " expected " + bounds[0]
                            + (bounds[1] > bounds[0] ? ".." + bounds[1] : ""));
                }
            } else if (r.kind.equals("single")) {
                int[] bounds = bounds(writes, r.start, r.end);
                if (r.read < bounds[0] || r.read > bounds[1]) {
                    violations.add("a single read returned a value that was never current during it: " + r + " expected "
                            + bounds[0] + ".." + bounds[1]);
                }
            }
        }
    }

    /**
     * The lowest value current at {@code from} (the last applied write that ended before it) and the
     * highest current by {@code to} (applied or unknown writes that started before it).
     */
    private static int[] bounds(List<Section> writes, long from, long to) {
        int low = 0;
        int high = 0;
        for (Section w : writes) {
            if (w.applied() && w.end < from) {
                low = Math.max(low, w.written);
            }
            if (w.start < to) {
                high = Math.max(high, w.applied() ? w.written : w.read >= 0 ? w.read + 1 : Integer.MAX_VALUE);
            }
        }
        return new int[]{low, Math.max(low, high)};
    }

    /** Counts by kind and outcome, for the report. */
    Map<String, Integer> summary() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Section s : sections) {
            String outcome = !s.ended() ? "never ended"
                    : s.outcome + (s.valid ? "" : s.evicted ? ", lease ended by the connection watch" : ", lease invalid at end");
            counts.merge(s.kind + " " + outcome, 1, Integer::sum);
        }
        return counts;
    }

    int size() {
        return sections.size();
    }

    long applied(String kind) {
        return sections.stream().filter(s -> s.kind.equals(kind) && s.applied()).count();
    }
}
