package org.ofclustering.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NearCacheTest {
    @Test
    void aFillOvertakenByAnInvalidationIsNotKept() {
        NearCache<String, String> near = new NearCache<>(10);
        long before = near.version();
        near.invalidate("k"); // a write's event arrived while the read was under way
        near.fill("k", "old", before);
        assertNull(near.get("k"));
        near.fill("k", "new", near.version());
        assertEquals("new", near.get("k"));
        near.clear();
        assertNull(near.get("k"));
    }

    @Test
    void keepsAtMostItsEntryLimit() {
        NearCache<Integer, String> near = new NearCache<>(100);
        for (int i = 0; i < 1000; i++) {
            near.fill(i, "v" + i, near.version());
        }
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            String v = near.get(i);
            if (v != null) {
                assertEquals("v" + i, v);
                kept++;
            }
        }
        assertEquals(100, kept);
    }
}
