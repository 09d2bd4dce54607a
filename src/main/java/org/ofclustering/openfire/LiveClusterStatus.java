package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusterManager;
import org.ofclustering.admin.CacheStatus;
import org.ofclustering.admin.ClusterEventLog;
import org.ofclustering.admin.ClusterState;
import org.ofclustering.admin.ClusterStatus;
import org.ofclustering.admin.ClusterStatusSource;
import org.ofclustering.admin.DatabaseCheck;
import org.ofclustering.admin.KeyFootprint;
import org.ofclustering.admin.LockActivity;
import org.ofclustering.admin.NodeDetail;
import org.ofclustering.admin.NodeStatus;
import org.ofclustering.admin.ProxyStatus;
import org.ofclustering.admin.QueueDepth;
import org.ofclustering.admin.RabbitStatus;
import org.ofclustering.admin.RedisStatus;
import org.ofclustering.bridge.BridgeStatus;
import org.ofclustering.cache.CacheFigures;
import org.ofclustering.config.ClusterConfiguration;
import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.database.DatabaseIdentityResult;
import org.ofclustering.lock.LockCounters;
import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.redis.FootprintSample;
import org.ofclustering.redis.RedisFootprint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the admin pages show, read from the running node. Everything comes from local memory, one
 * PING, and the key survey of {@link RedisFootprint} (run at most once per interval, on a connection
 * of its own); figures this node cannot know without asking another node (its heap, its tasks in
 * flight) are reported as unknown (-1).
 */
final class LiveClusterStatus implements ClusterStatusSource {
    private final ClusterEventLog events;

    LiveClusterStatus(ClusterEventLog events) {
        this.events = events;
    }

    @Override
    public ClusterStatus status() {
        ClusterRuntime r = ClusterRuntime.current();
        ClusterConfiguration config = r != null ? r.config() : ClusterConfiguration.load(new OpenfirePropertySource());
        if (r == null) {
            ClusterState state = ClusterManager.isClusteringEnabled() ? ClusterState.FAILED : ClusterState.DISABLED;
            return new ClusterStatus(Instant.now(), config.clusterName(), null, state, List.of(), null, null, null,
                    database(ClusterRuntime.lastDatabaseCheck()), null, events.newestFirst());
        }
        MembershipService m = r.membership();
        ClusterState state = r.isMember() ? ClusterState.CLUSTERED : ClusterState.FENCED;
        Map<String, long[]> depths = r.tasks().queueDepths();
        List<NodeStatus> nodes = m.members().stream().map(member -> node(r, member, depths)).toList();
        return new ClusterStatus(Instant.now(), config.clusterName(), r.nodeId(), state, nodes, m.status(),
                redis(r), rabbit(r), database(r.databaseCheck()), proxy(r), withVersionNotices(m, events.newestFirst()));
    }

    /** Members running another plugin version than the senior member, shown first among the recent events. */
    private static List<ClusterEvent> withVersionNotices(MembershipService m, List<ClusterEvent> recent) {
        List<ClusterEvent> all = new ArrayList<>();
        String seniorVersion = m.seniorMember().map(MemberInfo::version).orElse(null);
        for (MemberInfo odd : m.versionMismatches()) {
            all.add(new ClusterEvent(Instant.now(), ClusterEvent.Kind.NOTICE, odd.nodeId(),
                    "runs plugin version " + odd.version() + ", the senior member runs " + seniorVersion));
        }
        all.addAll(recent);
        return all;
    }

    @Override
    public Optional<NodeDetail> node(String nodeId) {
        ClusterRuntime r = ClusterRuntime.current();
        if (r == null) {
            return Optional.empty();
        }
        return r.membership().member(nodeId).map(member -> {
            Map<String, List<CacheFigures>> stats = r.caches().readStats();
            List<CacheFigures> figures = nodeId.equals(r.nodeId()) ? r.caches().figures() : stats.getOrDefault(nodeId, List.of());
            return new NodeDetail(node(r, member, r.tasks().queueDepths()), figures.stream().map(LiveClusterStatus::cache).toList());
        });
    }

    private static NodeStatus node(ClusterRuntime r, MemberInfo member, Map<String, long[]> depths) {
        boolean local = member.nodeId().equals(r.nodeId());
        boolean senior = r.membership().seniorMember().map(s -> s.nodeId().equals(member.nodeId())).orElse(false);
        Runtime jvm = Runtime.getRuntime();
        long leaseLeft = local ? r.membership().leaseValidUntil() - r.membership().clusterTime() : -1;
        Duration leaseAge = leaseLeft < 0 ? null : r.membership().settings().leaseLength().minusMillis(leaseLeft);
        return new NodeStatus(member.nodeId(), member.hostName(), Instant.ofEpochMilli(member.joinedAt()), senior, local,
                leaseAge, local ? jvm.totalMemory() - jvm.freeMemory() : -1, local ? jvm.maxMemory() : -1,
                local ? r.tasks().tasksInFlight() : -1,
                depths.entrySet().stream().filter(e -> e.getKey().endsWith("." + member.nodeId()))
                        .mapToLong(e -> e.getValue()[0]).findFirst().orElse(-1));
    }

    private static CacheStatus cache(CacheFigures f) {
        CacheStatus.SizeUnit unit = "BYTES".equalsIgnoreCase(f.capacityUnit()) ? CacheStatus.SizeUnit.BYTES : CacheStatus.SizeUnit.ENTRIES;
        // Clustered caches count entries, not bytes: their size in bytes is unknown here.
        long bytes = unit == CacheStatus.SizeUnit.BYTES ? f.size() : -1;
        return new CacheStatus(f.cacheName(), f.entries(), bytes, f.hits(), f.misses(), f.maxSize(), unit, f.maxLifetime(), true);
    }

    private static RedisStatus redis(ClusterRuntime r) {
        ClusterConfiguration c = r.config();
        List<String> addresses = c.redis().uris().stream().map(Object::toString).toList();
        String mode = c.redis().mode().name().toLowerCase();
        Duration roundTrip;
        try {
            long start = System.nanoTime();
            r.redis().sync().ping();
            roundTrip = Duration.ofNanos(System.nanoTime() - start);
        } catch (RuntimeException e) {
            return new RedisStatus(mode, addresses, false, null, null, e.getMessage(), locks(r));
        }
        try {
            FootprintSample s = r.footprint().current();
            KeyFootprint footprint = new KeyFootprint(s.keys(), s.allKeysCounted(), s.memoryBytes(), s.sampledKeys(),
                    s.takenAt(), RedisFootprint.INTERVAL);
            return new RedisStatus(mode, addresses, true, roundTrip, footprint, null, locks(r));
        } catch (RuntimeException e) {
            return new RedisStatus(mode, addresses, true, roundTrip, null, "keys not counted: " + e.getMessage(), locks(r));
        }
    }

    private static LockActivity locks(ClusterRuntime r) {
        LockCounters.Snapshot c = r.caches().locks().counters().snapshot();
        return new LockActivity(r.caches().locks().ownedCount(), c.localAcquisitions(), c.remoteAcquisitions(), c.refusals(),
                c.handOvers(), c.waitMillis(), c.singleReads(), c.fencedRefusals());
    }

    private static RabbitStatus rabbit(ClusterRuntime r) {
        List<String> addresses = r.config().rabbit().addresses().stream().map(Object::toString).toList();
        boolean connected = r.tasks().isConnected();
        List<QueueDepth> queues = r.tasks().queueDepths().entrySet().stream()
                .map(e -> new QueueDepth(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        long returned = r.tasks().returnedCount();
        // Every unroutable publish is returned by the broker (mandatory flag): the two counts are the same here.
        return new RabbitStatus(addresses, connected ? "connected" : null, queues, returned, returned,
                connected ? null : "not connected; the client keeps retrying");
    }

    private static DatabaseCheck database(DatabaseIdentityResult result) {
        if (result == null) {
            return new DatabaseCheck(DatabaseCheck.Outcome.NOT_CHECKED, null, null);
        }
        return new DatabaseCheck(result.mayJoin() ? DatabaseCheck.Outcome.SAME_DATABASE : DatabaseCheck.Outcome.DIFFERENT_DATABASE,
                result.databaseIdentity(), result.message());
    }

    private static ProxyStatus proxy(ClusterRuntime r) {
        if (r.bridge() == null) {
            return new ProxyStatus(false, List.of(), 0, 0, 0);
        }
        BridgeStatus b = r.bridge().status();
        List<String> hosts = new ArrayList<>(r.config().get(ClusteringProperties.PROXY_STREAM_HOSTS));
        if (hosts.isEmpty()) {
            r.membership().members().stream().filter(mi -> mi.bridgeHost() != null)
                    .forEach(mi -> hosts.add(mi.bridgeHost() + ":" + BuiltInProxyPause.port(r.config())));
        }
        return new ProxyStatus(true, hosts, b.activeTransfers(), b.bytesMoved(), b.crossNodeLinks());
    }
}
