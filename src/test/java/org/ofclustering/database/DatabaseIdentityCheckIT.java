package org.ofclustering.database;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.ofclustering.database.DatabaseIdentityResult.Outcome;
import org.ofclustering.membership.LiveLeases;
import org.ofclustering.membership.LocalNode;
import org.ofclustering.membership.MembershipService;
import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared-database check against real MariaDB and Redis, each node being one check instance. */
class DatabaseIdentityCheckIT {
    private final String cluster = "it-database-" + UUID.randomUUID().toString().substring(0, 8);
    private final String otherCluster = cluster + "-other";
    private static final String STARTING_NODE = "it-starting-node";
    private final List<MembershipService> liveMembers = new ArrayList<>();
    private TestDatabases databases;
    private RedisConnector redis;

    @BeforeEach
    void setUp() {
        databases = new TestDatabases();
        redis = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "it-database");
    }

    @AfterEach
    void tearDown() throws SQLException {
        try {
            for (MembershipService member : liveMembers) {
                member.close();
            }
            deleteKeys("ofc:{" + cluster + "*"); // this test's clusters: the race rounds and the other one too
            redis.close();
        } finally {
            databases.close();
        }
    }

    private void deleteKeys(String pattern) {
        ScanCursor cursor = ScanCursor.INITIAL;
        for (int pages = 0; pages < 1000 && !cursor.isFinished(); pages++) {
            KeyScanCursor<byte[]> page = redis.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            if (!page.getKeys().isEmpty()) {
                redis.sync().del(page.getKeys().toArray(byte[][]::new));
            }
            cursor = page;
        }
    }

    private DatabaseIdentityCheck node(String url, String clusterName) {
        return node(url, clusterName, null);
    }

    /** A starting node as the plugin builds it: the other live nodes come from the real membership registry. */
    private DatabaseIdentityCheck node(String url, String clusterName, String replaceIdentity) {
        LiveLeases leases = new LiveLeases(redis, new KeySpace(clusterName));
        return new DatabaseIdentityCheck(TestDatabases.source(url), redis, new KeySpace(clusterName),
                () -> leases.othersThan(STARTING_NODE), replaceIdentity);
    }

    /** Another node of the cluster, running: a real membership lease in Redis. */
    private void liveMember(String nodeId, String host) {
        MembershipService member = new MembershipService(redis, new KeySpace(cluster),
                new LocalNode(nodeId, host, null, 0, "1.0.0"), MembershipSettings.DEFAULTS);
        liveMembers.add(member);
        member.start();
    }

    private String redisIdentity(String clusterName) {
        byte[] v = redis.sync().get(new KeySpace(clusterName).keyBytes("database", "identity"));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static String storedIdentity(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT identityValue FROM ofClusterIdentity")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean hasIdentityTable(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", "");
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "ofClusterIdentity", null)) {
            return rs.next();
        }
    }

    @Test
    void firstNodeInitialisesAndNodesOnTheSameDatabaseJoin() throws SQLException {
        String shared = databases.create();
        DatabaseIdentityResult first = node(shared, cluster).check();
        assertEquals(Outcome.INITIALISED, first.outcome(), first.message());
        assertTrue(first.mayJoin());
        assertEquals(first.databaseIdentity(), storedIdentity(shared));
        assertEquals(first.databaseIdentity(), redisIdentity(cluster));

        DatabaseIdentityResult second = node(shared, cluster).check();
        assertEquals(Outcome.MATCHED, second.outcome(), second.message());
        assertTrue(second.mayJoin());
        assertEquals(first.databaseIdentity(), second.clusterIdentity());
        assertFalse(second.message().contains("root"), "no credentials in the message");
    }

    @Test
    void nodeOnAFreshDifferentDatabaseIsRefusedAndLeavesItUntouched() throws SQLException {
        String shared = databases.create();
        String other = databases.create();
        assertTrue(node(shared, cluster).check().mayJoin());

        DatabaseIdentityResult refused = node(other, cluster).check();
        assertEquals(Outcome.REFUSED_UNKNOWN_DATABASE, refused.outcome(), refused.message());
        assertFalse(refused.mayJoin());
        assertTrue(refused.message().contains(other.substring(other.lastIndexOf('/') + 1)), refused.message());
        assertNull(storedIdentity(other), "a refused node must not register its database");
        assertEquals(storedIdentity(shared), redisIdentity(cluster), "the cluster keeps its identity");
    }

    @Test
    void nodeOnADatabaseOfAnotherClusterIsRefused() throws SQLException {
        String shared = databases.create();
        String foreign = databases.create();
        assertTrue(node(shared, cluster).check().mayJoin());
        assertEquals(Outcome.INITIALISED, node(foreign, otherCluster).check().outcome());

        DatabaseIdentityResult refused = node(foreign, cluster).check();
        assertEquals(Outcome.REFUSED_MISMATCH, refused.outcome(), refused.message());
        assertFalse(refused.mayJoin());
        assertTrue(refused.message().contains(storedIdentity(foreign)) && refused.message().contains(redisIdentity(cluster)),
                refused.message());
    }

    @Test
    void identityIsRepublishedWhenRedisLostIt() throws SQLException {
        String shared = databases.create();
        String identity = node(shared, cluster).check().databaseIdentity();
        redis.sync().del(new KeySpace(cluster).keyBytes("database", "identity"));

        DatabaseIdentityResult again = node(shared, cluster).check();
        assertEquals(Outcome.PUBLISHED, again.outcome(), again.message());
        assertEquals(identity, redisIdentity(cluster));
        assertEquals(identity, storedIdentity(shared));
    }

    /** The cluster's database, initialised by a first node, and a fresh other one. */
    private record Databases(String cluster, String other, String identity) {
    }

    private Databases clusterDatabaseAndAnother() throws SQLException {
        String shared = databases.create();
        String other = databases.create();
        return new Databases(shared, other, node(shared, cluster).check().databaseIdentity());
    }

    /** A node on {@code url} is refused as on an unknown database; returns the refusal's message. */
    private String refusedMessage(String url, String replaceIdentity) {
        DatabaseIdentityResult refused = node(url, cluster, replaceIdentity).check();
        assertEquals(Outcome.REFUSED_UNKNOWN_DATABASE, refused.outcome(), refused.message());
        return refused.message();
    }

    @Test
    void nodeOnAnotherDatabaseWhileOtherNodesRunIsToldToUseTheirs() throws SQLException {
        Databases db = clusterDatabaseAndAnother();
        liveMember("it-live-a", "live-a.example.com");

        String m = refusedMessage(db.other(), null);
        assertTrue(m.contains("has no cluster identity"), m);
        assertTrue(m.contains("uses the database with identity " + db.identity() + " (recorded in Redis 20"), m);
        assertTrue(m.contains("1 other node is live now (live-a.example.com (it-live-a))"), m);
        assertTrue(m.contains("connected to a different database than the running nodes"), m);
        assertFalse(m.contains("clustering.database.replaceIdentity"), "no replacement offered while a node runs: " + m);
    }

    @Test
    void recreatedDatabaseWithNoNodeRunningNamesTheWayToAdoptIt() throws SQLException {
        Databases db = clusterDatabaseAndAnother();
        liveMember("it-left", "left.example.com");
        liveMembers.get(0).stop(); // it ran and left: its registry entry must not count as live

        String m = refusedMessage(db.other(), null);
        assertTrue(m.contains("No node of the cluster is live now"), m);
        assertTrue(m.contains("set clustering.database.replaceIdentity to " + db.identity()), m);
        assertTrue(m.contains("delete the Redis key ofc:{" + cluster + ":database}:identity"), m);
        assertFalse(m.contains("running nodes"), m);
        assertNull(storedIdentity(db.other()), "a refused node must not register its database");
    }

    @Test
    void replaceIdentityMakesTheRecreatedDatabaseTheClustersWhenNoNodeRuns() throws Exception {
        Databases db = clusterDatabaseAndAnother();
        String former = db.cluster();
        String recreated = db.other();
        String oldIdentity = db.identity();

        // Several nodes on the recreated database start together, all with the setting (it lives in that database).
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<DatabaseIdentityResult> results = new ArrayList<>();
        try {
            List<Future<DatabaseIdentityResult>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> node(recreated, cluster, oldIdentity).check()));
            }
            for (Future<DatabaseIdentityResult> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        String newIdentity = storedIdentity(recreated);
        assertNotNull(newIdentity, "the recreated database got an identity");
        assertNotEquals(oldIdentity, newIdentity);
        assertEquals(newIdentity, redisIdentity(cluster), "Redis now names the recreated database");
        long replaced = results.stream().filter(r -> r.outcome() == Outcome.REPLACED).count();
        assertEquals(1, replaced, "exactly one node replaces the identity: " + results);
        for (DatabaseIdentityResult r : results) {
            assertTrue(r.mayJoin(), r.message());
            assertEquals(newIdentity, r.clusterIdentity());
        }
        DatabaseIdentityResult adopting = results.stream().filter(r -> r.outcome() == Outcome.REPLACED).findFirst().orElseThrow();
        assertTrue(adopting.message().contains("instead of the database with identity " + oldIdentity)
                && adopting.message().contains("remove that setting"), adopting.message());

        // Afterwards the setting has no effect: a node on the former database is refused.
        DatabaseIdentityResult formerNode = node(former, cluster, oldIdentity).check();
        assertEquals(Outcome.REFUSED_MISMATCH, formerNode.outcome(), formerNode.message());
        assertTrue(formerNode.message().contains("is " + oldIdentity + ", not the identity the cluster holds: nothing was replaced"),
                formerNode.message());
        assertEquals(Outcome.MATCHED, node(recreated, cluster).check().outcome());
    }

    @Test
    void replaceIdentityIsNotAppliedWhileAnotherNodeRuns() throws SQLException {
        Databases db = clusterDatabaseAndAnother();
        liveMember("it-live-b", "live-b.example.com");

        String m = refusedMessage(db.other(), db.identity());
        assertTrue(m.contains("live-b.example.com (it-live-b)"), m);
        assertTrue(m.contains("clustering.database.replaceIdentity is set, but the cluster's database is "
                + "replaced only while no node of the cluster is live"), m);
        assertEquals(db.identity(), redisIdentity(cluster), "the running cluster keeps its database");
        assertNull(storedIdentity(db.other()), "nothing written to the refused database");
    }

    @Test
    void embeddedDatabaseIsRefused() {
        String embedded = "jdbc:hsqldb:mem:ofc_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseIdentityCheck node = new DatabaseIdentityCheck(() -> DriverManager.getConnection(embedded, "sa", ""),
                redis, new KeySpace(cluster), List::of, null);
        DatabaseIdentityResult result = node.check();
        assertEquals(Outcome.REFUSED_EMBEDDED, result.outcome(), result.message());
        assertFalse(result.mayJoin());
        assertNull(redisIdentity(cluster), "an embedded database must not become the cluster's");
    }

    @Test
    void unreachableDatabaseForbidsJoining() {
        DatabaseIdentityResult result = node("jdbc:mariadb://127.0.0.1:1/none?connectTimeout=2000", cluster).check();
        assertEquals(Outcome.FAILED, result.outcome(), result.message());
        assertFalse(result.mayJoin());
    }

    @Test
    void nodesStartingTogetherAgreeOnOneIdentity() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) { // the race is narrow: several fresh clusters
                String shared = databases.create();
                String raceCluster = cluster + "-race" + round;
                try {
                    List<Future<DatabaseIdentityResult>> results = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        results.add(pool.submit(() -> node(shared, raceCluster).check()));
                    }
                    String identity = storedIdentityAfter(results);
                    assertEquals(identity, redisIdentity(raceCluster));
                    assertEquals(identity, storedIdentity(shared));
                    assertTrue(hasIdentityTable(shared));
                } finally {
                    deleteKeys("ofc:{" + raceCluster + ":*");
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private String storedIdentityAfter(List<Future<DatabaseIdentityResult>> results) throws Exception {
        String identity = null;
        int initialised = 0;
        for (Future<DatabaseIdentityResult> f : results) {
            DatabaseIdentityResult r = f.get(60, TimeUnit.SECONDS);
            assertTrue(r.mayJoin(), r.message());
            if (r.outcome() == Outcome.INITIALISED) {
                initialised++;
            }
            if (identity == null) {
                identity = r.clusterIdentity();
            }
            assertEquals(identity, r.clusterIdentity());
        }
        assertEquals(1, initialised, "exactly one node initialises");
        return identity;
    }
}
