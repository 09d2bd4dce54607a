package org.ofclustering.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigurationTest {

    @Test
    void defaultsDescribeALocalSetup() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of()));
        assertTrue(c.isValid(), c.problems().toString());
        assertEquals("openfire", c.clusterName());
        assertEquals(RedisMode.STANDALONE, c.redis().mode());
        assertEquals(List.of(new RedisAddress("127.0.0.1", 6379)), c.redis().uris());
        assertEquals(Duration.ofSeconds(5), c.redis().commandTimeout());
        assertFalse(c.redis().tls());
        assertNull(c.redis().password());
        assertEquals(List.of(new BrokerAddress("127.0.0.1", 5672)), c.rabbit().addresses());
        assertEquals("/", c.rabbit().virtualHost());
        assertEquals("guest", c.rabbit().password().reveal());
    }

    @Test
    void unparsableRedisAddressNamesPropertyValueAndWhatIsAllowed() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.redis.addresses", "redis://exa mple:63x79")));
        assertFalse(c.isValid());
        assertEquals(1, c.problems().size());
        String message = c.problems().get(0).message();
        assertTrue(message.contains("'clustering.redis.addresses'"), message);
        assertTrue(message.contains("'redis://exa mple:63x79'"), message);
        assertTrue(message.contains("redis://host:port"), message);
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.name", "my cluster!",
                "clustering.redis.mode", "replicated",
                "clustering.redis.timeout", "forever",
                "clustering.rabbitmq.addresses", "amqp://host:99999",
                "clustering.redis.tls", "yes")));
        assertEquals(List.of("clustering.name", "clustering.redis.mode", "clustering.redis.tls", "clustering.redis.timeout",
                        "clustering.rabbitmq.addresses"),
                c.problems().stream().map(SettingProblem::key).toList());
    }

    @Test
    void credentialsInsideAnAddressAreRefused() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.redis.addresses", "redis://admin:secret@redis.example.com:6379")));
        assertFalse(c.isValid());
        assertTrue(c.problems().get(0).allowed().contains("user and password in their own properties"));
    }

    @Test
    void tlsSchemesSwitchTlsOnAndSeveralAddressesAreKept() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.redis.mode", "cluster",
                "clustering.redis.addresses", "rediss://r1.example.com:7000, rediss://r2.example.com:7001",
                "clustering.rabbitmq.addresses", "amqps://mq1.example.com, mq2.example.com:5673")));
        assertTrue(c.isValid(), c.problems().toString());
        assertTrue(c.redis().tls());
        assertEquals(2, c.redis().uris().size());
        assertEquals(RedisMode.CLUSTER, c.redis().mode());
        assertTrue(c.rabbit().tls());
        assertEquals(List.of(new BrokerAddress("mq1.example.com", 5672), new BrokerAddress("mq2.example.com", 5673)),
                c.rabbit().addresses());
    }

    @Test
    void redisClusterHasOnlyDatabaseZeroAndAclUserNeedsPassword() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.redis.mode", "cluster",
                "clustering.redis.database", "3",
                "clustering.redis.username", "openfire")));
        assertEquals(List.of("clustering.redis.database", "clustering.redis.password"),
                c.problems().stream().map(SettingProblem::key).toList());
    }

    @Test
    void secretsAreNeverPrinted() {
        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.redis.username", "openfire",
                "clustering.redis.password", "s3cr3t-value")));
        assertTrue(c.isValid());
        assertEquals("s3cr3t-value", c.redis().password().reveal());
        assertFalse(c.redis().toString().contains("s3cr3t-value"), c.redis().toString());
    }

    @Test
    void sentinelPasswordIsASecretOfItsOwnAndUnsetByDefault() {
        assertTrue(ClusteringProperties.REDIS_SENTINEL_PASSWORD.secret(), "stored encrypted and never shown");
        assertTrue(ClusteringProperties.all().contains(ClusteringProperties.REDIS_SENTINEL_PASSWORD));
        assertNull(ClusterConfiguration.load(SettingSource.of(Map.of("clustering.redis.mode", "sentinel")))
                .redis().sentinelPassword(), "unset: the sentinels are asked without a password");

        ClusterConfiguration c = ClusterConfiguration.load(SettingSource.of(Map.of(
                "clustering.redis.mode", "sentinel",
                "clustering.redis.username", "openfire",
                "clustering.redis.password", "data-s3cr3t",
                "clustering.redis.sentinelPassword", "sentinel-s3cr3t")));
        assertTrue(c.isValid(), c.problems().toString());
        assertEquals("sentinel-s3cr3t", c.redis().sentinelPassword().reveal(), "the sentinels have a password of their own");
        assertEquals("data-s3cr3t", c.redis().password().reveal(), "the data servers keep their own password");
        assertFalse(c.redis().toString().contains("sentinel-s3cr3t"), c.redis().toString());
        assertNull(c.redis().withSentinelPassword(null).sentinelPassword());
        assertEquals(c.redis().password(), c.redis().withSentinelPassword(null).password());
    }

    @Test
    void durationsAcceptUnits() {
        SettingType<Duration> d = SettingTypes.duration(Duration.ofMillis(1), Duration.ofHours(2));
        assertEquals(Duration.ofMillis(250), d.parse("250"));
        assertEquals(Duration.ofMillis(250), d.parse("250ms"));
        assertEquals(Duration.ofSeconds(3), d.parse("3s"));
        assertEquals(Duration.ofMinutes(2), d.parse("2m"));
        assertEquals(Duration.ofHours(1), d.parse("1h"));
    }

    @Test
    void listSettingsTrimEntriesAndRefuseBadOnes() {
        assertEquals(List.of("files.example.com:7777", "10.0.0.2:7777"),
                SettingTypes.hostPorts().parse(" files.example.com:7777 , 10.0.0.2:7777,"));
        for (String bad : List.of("files.example.com", "host:0", "host:70000", "host:port")) {
            assertThrows(IllegalArgumentException.class, () -> SettingTypes.hostPorts().parse(bad), bad);
        }
        assertEquals(List.of("com.example.", "org.acme.Thing"), SettingTypes.packagePrefixes().parse("com.example., org.acme.Thing"));
        assertThrows(IllegalArgumentException.class, () -> SettingTypes.packagePrefixes().parse("com..example"));
        assertEquals(List.of("Routing Users Cache", "Roster"), SettingTypes.names().parse("Routing Users Cache, ,Roster"));
    }
}
