package org.ofclustering.admin;

import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingProblem;
import org.ofclustering.config.SettingSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every property with its text and validation result, validated exactly as the node validates its
 * configuration at start ({@link ClusterConfiguration#load}).
 */
final class ConfigurationReport {
    private ConfigurationReport() {
    }

    static List<SettingRow> of(SettingSource source, List<Setting<?>> settings) {
        ClusterConfiguration configuration = ClusterConfiguration.load(source, settings);
        Map<String, List<SettingProblem>> problems = configuration.problems().stream()
                .collect(Collectors.groupingBy(SettingProblem::key));
        List<SettingRow> rows = new ArrayList<>(settings.size());
        for (Setting<?> s : settings) {
            rows.add(new SettingRow(s, source.raw(s).orElse(null), problems.getOrDefault(s.key(), List.of())));
        }
        return rows;
    }
}
