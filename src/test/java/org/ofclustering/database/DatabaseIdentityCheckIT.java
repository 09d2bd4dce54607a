package org.ofclustering.database;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.database.DatabaseIdentityResult.Outcome;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared-database check against real MariaDB and Redis, each node being one check instance. */
class DatabaseIdentityCheckIT {
    private final String cluster = "it-database-" + UUID.randomUUID().toString().substring(0, 8);
    private final String otherCluster = cluster + "-other";
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
            redis.sync().del(new KeySpace(cluster).keyBytes("database", "identity"),
                    new KeySpace(otherCluster).keyBytes("database", "identity"));
            redis.close();
        } finally {
            databases.close();
        }
    }

    private DatabaseIdentityCheck node(String url, String clusterName) {
        return new DatabaseIdentityCheck(TestDatabases.source(url), redis, new KeySpace(clusterName));
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

    @Test
    void embeddedDatabaseIsRefused() {
        String embedded = "jdbc:hsqldb:mem:ofc_" + UUID.randomUUID().toString().replace("-", "");
        DatabaseIdentityCheck node = new DatabaseIdentityCheck(() -> DriverManager.getConnection(embedded, "sa", ""),
                redis, new KeySpace(cluster));
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
                    redis.sync().del(new KeySpace(raceCluster).keyBytes("database", "identity"));
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
