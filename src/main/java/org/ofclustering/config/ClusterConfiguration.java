package org.ofclustering.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one node, read once at start. {@link #load} never throws for a
 * bad value: it collects a {@link SettingProblem} per bad property (and falls back to the default
 * for it) so that the administrator sees every mistake at once; a node with problems stays
 * unclustered.
 */
public final class ClusterConfiguration {
    private final Map<String, Object> values;
    private final List<SettingProblem> problems;

    private ClusterConfiguration(Map<String, Object> values, List<SettingProblem> problems) {
        this.values = values;
        this.problems = List.copyOf(problems);
    }

    public static ClusterConfiguration load(SettingSource source) {
        return load(source, ClusteringProperties.all());
    }

    public static ClusterConfiguration load(SettingSource source, List<Setting<?>> settings) {
        Map<String, Object> values = new HashMap<>();
        List<SettingProblem> problems = new ArrayList<>();
        for (Setting<?> s : settings) {
            Optional<String> raw = source.raw(s);
            if (raw.isPresent()) {
                if (s.secret()) {
                    values.put(s.key(), Secret.ofNullable(raw.get()));
                    continue;
                }
                try {
                    values.put(s.key(), s.type().parse(raw.get().trim()));
                    continue;
                } catch (IllegalArgumentException e) {
                    problems.add(new SettingProblem(s.key(), raw.get(), e.getMessage()));
                }
            }
            if (s.defaultText() != null) {
                values.put(s.key(), s.type().parse(s.defaultText()));
            }
        }
        crossCheck(source, values, problems);
        return new ClusterConfiguration(values, problems);
    }

    private static void crossCheck(SettingSource source, Map<String, Object> values, List<SettingProblem> problems) {
        RedisMode mode = (RedisMode) values.get(ClusteringProperties.REDIS_MODE.key());
        Object db = values.get(ClusteringProperties.REDIS_DATABASE.key());
        if (mode == RedisMode.CLUSTER && db instanceof Integer i && i != 0) {
            problems.add(new SettingProblem(ClusteringProperties.REDIS_DATABASE.key(), i.toString(),
                    "0, because Redis Cluster has only database 0"));
        }
        if (values.get(ClusteringProperties.REDIS_USERNAME.key()) != null
                && values.get(ClusteringProperties.REDIS_PASSWORD.key()) == null) {
            problems.add(new SettingProblem(ClusteringProperties.REDIS_PASSWORD.key(), "",
                    "a password, because clustering.redis.username is set"));
        }
        source.raw(ClusteringProperties.REDIS_ADDRESSES).ifPresent(text -> {
            if (SettingTypes.mentionsTlsScheme(text)) {
                values.put(ClusteringProperties.REDIS_TLS.key(), true);
            }
        });
        source.raw(ClusteringProperties.RABBITMQ_ADDRESSES).ifPresent(text -> {
            if (SettingTypes.mentionsTlsScheme(text)) {
                values.put(ClusteringProperties.RABBITMQ_TLS.key(), true);
            }
        });
    }

    /** The value of a setting: configured, else default, else null. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting.key());
    }

    /** The secret of a secret setting, or null when unset. */
    public Secret secret(Setting<String> setting) {
        return (Secret) values.get(setting.key());
    }

    public List<SettingProblem> problems() {
        return problems;
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    public String clusterName() {
        return get(ClusteringProperties.CLUSTER_NAME);
    }

    public RedisSettings redis() {
        return new RedisSettings(get(ClusteringProperties.REDIS_MODE), get(ClusteringProperties.REDIS_ADDRESSES),
                get(ClusteringProperties.REDIS_SENTINEL_MASTER), get(ClusteringProperties.REDIS_USERNAME),
                secret(ClusteringProperties.REDIS_PASSWORD), get(ClusteringProperties.REDIS_TLS),
                get(ClusteringProperties.REDIS_TLS_VERIFY_PEER), get(ClusteringProperties.REDIS_DATABASE),
                get(ClusteringProperties.REDIS_TIMEOUT), secret(ClusteringProperties.REDIS_SENTINEL_PASSWORD));
    }

    public RabbitSettings rabbit() {
        Secret password = secret(ClusteringProperties.RABBITMQ_PASSWORD);
        return new RabbitSettings(get(ClusteringProperties.RABBITMQ_ADDRESSES), get(ClusteringProperties.RABBITMQ_VHOST),
                get(ClusteringProperties.RABBITMQ_USERNAME), password == null ? Secret.ofNullable("guest") : password,
                get(ClusteringProperties.RABBITMQ_TLS), get(ClusteringProperties.RABBITMQ_TLS_VERIFY_PEER),
                get(ClusteringProperties.RABBITMQ_CONNECT_TIMEOUT));
    }
}
