package org.ofclustering.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock check's history checker finds each kind of violation, and accepts what is allowed. */
class SectionHistoryTest {
    @TempDir
    Path dir;

    @Test
    void aCorrectHistoryWithAKilledWriterPasses() throws Exception {
        List<String> violations = check(Map.of(0, 3), Map.of(),
                "B\tn1-t0\t1\tcache\t0\t100", "E\tn1-t0\t1\t110\t0\t1\tok\ttrue",
                "B\tn2-t0\t1\tcache\t0\t120", "E\tn2-t0\t1\t130\t1\t2\tok\ttrue",
                "B\tn3-t0\t1\tcache\t0\t140", // killed inside: it may have written 3
                "B\tn2-t0\t2\tread\t0\t150", "E\tn2-t0\t2\t155\t2\t-1\tok\ttrue",
                "B\tn1-t1\t1\tsingle\t0\t135", "E\tn1-t1\t1\t137\t2\t-1\tok\ttrue");
        assertEquals(List.of(), violations);
    }

    @Test
    void overlappingSectionsOfTwoNodesAreFound() throws Exception {
        List<String> violations = check(Map.of(0, 2), Map.of(),
                "B\tn1-t0\t1\tcache\t0\t100", "E\tn1-t0\t1\t130\t0\t1\tok\ttrue",
                "B\tn2-t0\t1\tcache\t0\t120", "E\tn2-t0\t1\t140\t1\t2\tok\ttrue");
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("two sections inside one lock at once")), violations.toString());
    }

    @Test
    void aSectionOfAFencedNodeMayOverlap() throws Exception {
        List<String> violations = check(Map.of(0, 1), Map.of(),
                "B\tn1-t0\t1\tcache\t0\t100", "E\tn1-t0\t1\t300\t0\t-1\tNodeFencedException\tfalse",
                "B\tn2-t0\t1\tcache\t0\t120", "E\tn2-t0\t1\t140\t0\t1\tok\ttrue");
        assertEquals(List.of(), violations);
    }

    @Test
    void aSectionWhoseLeaseTheConnectionWatchEndedMayOverlapButNotApplyAWrite() throws Exception {
        List<String> refused = check(Map.of(), Map.of(0, 1),
                "B\tn1-t0\t1\texternal\t0\t100", "E\tn1-t0\t1\t300\t0\t1\tNodeFencedException\tevicted",
                "B\tn2-t0\t1\texternal\t0\t120", "E\tn2-t0\t1\t140\t0\t1\tok\ttrue");
        assertEquals(List.of(), refused);
        List<String> applied = check(Map.of(), Map.of(0, 1),
                "B\tn1-t0\t1\texternal\t0\t100", "E\tn1-t0\t1\t300\t0\t1\tok\tevicted",
                "B\tn2-t0\t1\texternal\t0\t120", "E\tn2-t0\t1\t140\t0\t1\tok\ttrue");
        assertTrue(applied.stream().anyMatch(v -> v.contains("lost update")), applied.toString());
    }

    @Test
    void aLostUpdateIsFound() throws Exception {
        List<String> violations = check(Map.of(), Map.of(0, 1),
                "B\tn1-t0\t1\texternal\t0\t100", "E\tn1-t0\t1\t110\t0\t1\tok\ttrue",
                "B\tn2-t0\t1\texternal\t0\t120", "E\tn2-t0\t1\t130\t0\t1\tok\ttrue");
        assertTrue(violations.stream().anyMatch(v -> v.contains("lost update")), violations.toString());
    }

    @Test
    void aStaleReadUnderTheLockIsFound() throws Exception {
        List<String> violations = check(Map.of(0, 1), Map.of(),
                "B\tn1-t0\t1\tcache\t0\t100", "E\tn1-t0\t1\t110\t0\t1\tok\ttrue",
                "B\tn2-t0\t1\tread\t0\t120", "E\tn2-t0\t1\t130\t0\t-1\tok\ttrue");
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("a read under the lock missed the latest write")), violations.toString());
    }

    @Test
    void aFinalValueBeyondTheHistoryIsFound() throws Exception {
        List<String> violations = check(Map.of(0, 5), Map.of(),
                "B\tn1-t0\t1\tcache\t0\t100", "E\tn1-t0\t1\t110\t0\t1\tok\ttrue");
        assertTrue(violations.stream().anyMatch(v -> v.contains("ends at 5")), violations.toString());
    }

    private List<String> check(Map<Integer, Integer> cache, Map<Integer, Integer> external, String... lines) throws Exception {
        Path file = dir.resolve("history.tsv");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return SectionHistory.load(List.of(file)).check(cache, external);
    }
}
