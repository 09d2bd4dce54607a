package org.ofclustering.openfire;

import org.jivesoftware.util.cache.ExternalizableUtil;
import org.jivesoftware.util.cache.ExternalizableUtilStrategy;

/**
 * Installs the cluster's {@link ClusterExternalizableStrategy} in Openfire's {@code ExternalizableUtil}
 * while this node is clustered, and puts back the strategy it replaced when the node leaves.
 * Install before the clustered caches are created (joining copies local cache content into them,
 * which serializes it); restore after the node has left. Both are idempotent.
 */
public final class ExternalizableStrategySwitch {
    private ExternalizableUtilStrategy previous;

    /** Makes {@code strategy} Openfire's strategy, remembering the one it replaces (once). */
    public synchronized void install(ClusterExternalizableStrategy strategy) {
        ExternalizableUtil util = ExternalizableUtil.getInstance();
        if (previous == null) {
            previous = util.getStrategy();
        }
        util.setStrategy(strategy);
    }

    /** Puts back the strategy that {@link #install} replaced; does nothing when nothing is installed. */
    public synchronized void restore() {
        if (previous != null) {
            ExternalizableUtil.getInstance().setStrategy(previous);
            previous = null;
        }
    }
}
