package org.ofclustering.e2e;

import org.junit.jupiter.api.Assumptions;

/** What every end-to-end test checks first: an Openfire distribution to run, or a skip saying why not. */
final class E2eEnvironment {
    private E2eEnvironment() {
    }

    /** The distribution named by {@code OPENFIRE_HOME}; aborts the calling test (skipped) when the variable is unset. */
    static OpenfireDistribution distribution() {
        var distribution = OpenfireDistribution.fromEnvironment();
        Assumptions.assumeTrue(distribution.isPresent(), OpenfireDistribution.SKIP_REASON);
        return distribution.get();
    }
}
