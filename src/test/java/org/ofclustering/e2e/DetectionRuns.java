package org.ofclustering.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * How often the crash and freeze tests repeat their fault ({@code -De2e.detectionRuns=N}, default
 * 1), and the detection times they saw, printed as min/median/max at the end.
 */
final class DetectionRuns {
    private final String what;
    private final List<Long> millis = new ArrayList<>();

    DetectionRuns(String what) {
        this.what = what;
    }

    static int count() {
        return Math.max(1, Integer.getInteger("e2e.detectionRuns", 1));
    }

    void add(long ms) {
        millis.add(ms);
        System.out.println("[e2e] " + what + ": run " + millis.size() + " seen offline after " + ms + " ms");
    }

    void print() {
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("[e2e] %s: %d run(s), seen offline after min %d / median %d / max %d ms%n", what, sorted.size(),
                sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
