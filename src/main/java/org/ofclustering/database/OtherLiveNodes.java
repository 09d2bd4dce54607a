package org.ofclustering.database;

import java.util.List;
import java.util.function.Supplier;

/**
 * Whether other nodes of the cluster are running while this one is refused: they decide whether a
 * different database means "this node is misconfigured" or "the cluster's database was replaced".
 *
 * @param nodes   the live nodes other than this one, as {@code host (node id)}; null when unknown
 * @param failure why they could not be read, or null
 */
record OtherLiveNodes(List<String> nodes, String failure) {
    /** Reads them; a failure is kept as text, since the refusal it explains must still be reported. */
    static OtherLiveNodes read(Supplier<List<String>> source) {
        try {
            return new OtherLiveNodes(List.copyOf(source.get()), null);
        } catch (RuntimeException e) {
            return new OtherLiveNodes(null, String.valueOf(e.getMessage()));
        }
    }

    boolean known() {
        return nodes != null;
    }

    /** True only when they were read and there are none. */
    boolean noneLive() {
        return nodes != null && nodes.isEmpty();
    }
}
