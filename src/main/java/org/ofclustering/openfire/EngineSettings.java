package org.ofclustering.openfire;

import java.time.Duration;

import org.ofclustering.bridge.BridgeSettings;
import org.ofclustering.bridge.LinkTls;
import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.cache.CacheSettings;
import org.ofclustering.codec.ClassAllowList;
import org.ofclustering.codec.CodecSettings;
import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.MessagingQueueType;
import org.ofclustering.config.Secret;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.messaging.MessagingSettings;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;

import static org.ofclustering.config.ClusteringProperties.CACHE_EVENT_RETENTION;
import static org.ofclustering.config.ClusteringProperties.CODEC_ALLOWED_PACKAGES;
import static org.ofclustering.config.ClusteringProperties.MEMBERSHIP_HEARTBEAT;
import static org.ofclustering.config.ClusteringProperties.MEMBERSHIP_CONNECTION_WATCH;
import static org.ofclustering.config.ClusteringProperties.MEMBERSHIP_LEASE;
import static org.ofclustering.config.ClusteringProperties.NEAR_CACHES;
import static org.ofclustering.config.ClusteringProperties.PROXY_BIND_ADDRESS;
import static org.ofclustering.config.ClusteringProperties.PROXY_IDLE_TIMEOUT;
import static org.ofclustering.config.ClusteringProperties.PROXY_PAIR_TIMEOUT;
import static org.ofclustering.config.ClusteringProperties.BRIDGE_PORT;
import static org.ofclustering.config.ClusteringProperties.RABBITMQ_QUEUE_TYPE;
import static org.ofclustering.config.ClusteringProperties.TASK_PERSISTENT;
import static org.ofclustering.config.ClusteringProperties.TASK_TIMEOUT;

/** Turns the validated configuration into the settings records of each capability. */
final class EngineSettings {
    private EngineSettings() {
    }

    /** Mutual TLS for node-to-node file-transfer links when a key store is configured, else null. */
    static SSLContext linkTls(ClusterConfiguration c) {
        String keyStore = c.get(ClusteringProperties.BRIDGE_TLS_KEYSTORE);
        if (keyStore == null) {
            return null;
        }
        String trustStore = c.get(ClusteringProperties.BRIDGE_TLS_TRUSTSTORE);
        Secret password = c.secret(ClusteringProperties.BRIDGE_TLS_PASSWORD);
        try {
            return LinkTls.context(Path.of(keyStore), password, trustStore == null ? null : Path.of(trustStore), password);
        } catch (IOException | RuntimeException e) {
            throw new ClusterStartException("the key store for file-transfer links (" + ClusteringProperties.BRIDGE_TLS_KEYSTORE.key()
                    + " = " + keyStore + ") cannot be used: " + e.getMessage(), e);
        }
    }

    static CodecSettings codec(ClusterConfiguration c) {
        return CodecSettings.of(ClassAllowList.withDefaults(c.get(CODEC_ALLOWED_PACKAGES)));
    }

    static MembershipSettings membership(ClusterConfiguration c) {
        return MembershipSettings.of(c.get(MEMBERSHIP_HEARTBEAT), c.get(MEMBERSHIP_LEASE))
                .withConnectionWatch(c.get(MEMBERSHIP_CONNECTION_WATCH));
    }

    static CacheSettings cache(ClusterConfiguration c) {
        return CacheSettings.defaults()
                .withNearCaches(new HashSet<>(c.get(NEAR_CACHES)))
                .withEventRetention(c.get(CACHE_EVENT_RETENTION));
    }

    static MessagingSettings messaging(ClusterConfiguration c) {
        MessagingSettings.QueueType type = c.get(RABBITMQ_QUEUE_TYPE) == MessagingQueueType.QUORUM
                ? MessagingSettings.QueueType.QUORUM : MessagingSettings.QueueType.CLASSIC;
        // The broker drops a frozen node's connection after about two heartbeats; tied to the lease,
        // that happens by the time the others declare the node gone, so its queue can be taken over
        // right after the departure (DepartedNodes waits for it) and stanzas keep their order.
        long heartbeatSeconds = Math.max(1, c.get(MEMBERSHIP_LEASE).toSeconds() / 2);
        return MessagingSettings.defaults().withRequestTimeout(c.get(TASK_TIMEOUT)).withQueueType(type)
                .withPersistent(c.get(TASK_PERSISTENT))
                .withHeartbeat(Duration.ofSeconds(heartbeatSeconds));
    }

    static BridgeSettings bridge(ClusterConfiguration c, Secret linkSecret) {
        BridgeSettings d = BridgeSettings.defaults();
        return d.withBind(c.get(PROXY_BIND_ADDRESS), BuiltInProxyPause.port(c), c.get(BRIDGE_PORT))
                .withLinkSecurity(linkSecret, linkTls(c))
                .withTimeouts(d.handshakeTimeout(), c.get(PROXY_PAIR_TIMEOUT), d.activationTimeout())
                .withIdleTimeout(c.get(PROXY_IDLE_TIMEOUT));
    }
}
