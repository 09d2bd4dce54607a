package org.ofclustering.openfire;

import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.SettingProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the outcome of configuration validation to the log: one line per bad setting, or one summary line. */
final class ConfigurationLog {
    private static final Logger Log = LoggerFactory.getLogger(ConfigurationLog.class);

    private ConfigurationLog() {
    }

    static void report(ClusterConfiguration configuration) {
        if (configuration.isValid()) {
            Log.info("Clustering settings valid: cluster '{}', Redis {} {}, RabbitMQ {} vhost '{}'",
                    configuration.clusterName(), configuration.redis().mode().name().toLowerCase(),
                    configuration.redis().uris(), configuration.rabbit().addresses(), configuration.rabbit().virtualHost());
            return;
        }
        for (SettingProblem problem : configuration.problems()) {
            Log.error("{}; this node stays unclustered until it is corrected", problem.message());
        }
    }
}
