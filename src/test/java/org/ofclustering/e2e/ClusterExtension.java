package org.ofclustering.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;

/**
 * Gives end-to-end scenario tests one shared cluster (three nodes, clustering enabled) for the
 * whole run, because booting Openfire takes tens of seconds per node; it is stopped and cleaned up
 * when the run ends. Tests that damage a node (kill, freeze, leave) restore it before they finish.
 * Each test reports skipped, saying why, when {@code OPENFIRE_HOME} is unset.
 *
 * <p>System property {@code e2e.nodes} changes the size; with 1 the node is unclustered and
 * {@link OpenfireCluster#node(int)} indices wrap around, which checks the scenarios themselves
 * against a single Openfire.
 */
public final class ClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    /** How long a formed cluster may take for every node to have joined. */
    public static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(90);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (OpenfireDistribution.fromEnvironment().isPresent()) {
            shared(context).cluster(); // fails the class at once, with the reason, when the cluster did not form
        }
    }

    /** Each test reports itself skipped, with the reason, when there is no Openfire to run. */
    @Override
    public void beforeEach(ExtensionContext context) {
        E2eEnvironment.distribution();
    }

    private static SharedCluster shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> SharedCluster.start(), SharedCluster.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OpenfireCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return shared(context).cluster();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    /** The cluster of this run, or why it could not be started; closed by JUnit at the end of the run. */
    static final class SharedCluster implements ExtensionContext.Store.CloseableResource {
        private final OpenfireCluster cluster;
        private final String failure;

        private SharedCluster(OpenfireCluster cluster, String failure) {
            this.cluster = cluster;
            this.failure = failure;
        }

        static SharedCluster start() {
            int size = Integer.getInteger("e2e.nodes", 3);
            OpenfireCluster cluster = null;
            try {
                cluster = OpenfireCluster.start(E2eEnvironment.distribution(), OpenfireCluster.pluginJar(), size, size > 1);
                if (size > 1) {
                    cluster.awaitFormed(FORMATION_TIMEOUT);
                }
                return new SharedCluster(cluster, null);
            } catch (Exception | AssertionError e) {
                // Every class of the run gets this reason instead of booting the nodes again.
                return new SharedCluster(cluster, "the " + size + "-node test cluster did not start: " + e.getMessage());
            }
        }

        OpenfireCluster cluster() {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return cluster;
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
