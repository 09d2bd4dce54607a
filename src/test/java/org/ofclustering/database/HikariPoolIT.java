package org.ofclustering.database;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.Secret;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HikariCP pool against the real MariaDB. */
class HikariPoolIT {
    private TestDatabases databases;
    private String url;

    @BeforeEach
    void setUp() throws SQLException {
        databases = new TestDatabases();
        url = databases.create();
    }

    @AfterEach
    void tearDown() throws SQLException {
        databases.close();
    }

    private HikariPoolSettings settings(int min, int max) {
        return HikariPoolSettings.of("org.mariadb.jdbc.Driver", url, "root", null).withSizes(min, max);
    }

    @Test
    void servesConnectionsToTheConfiguredDatabaseUpToItsSize() throws SQLException {
        try (HikariPool pool = new HikariPool(settings(1, 3), "it-hikari")) {
            try (Connection c = pool.connection(); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE t (v INT)");
                st.executeUpdate("INSERT INTO t VALUES (42)");
                try (ResultSet rs = st.executeQuery("SELECT v FROM t")) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                }
                assertTrue(c.getAutoCommit(), "Openfire expects auto-commit connections");
            }
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(pool.connection());
                }
                assertEquals(3, pool.statistics().active());
                SQLException exhausted = assertThrows(SQLException.class, pool::connection);
                assertTrue(exhausted.getMessage().contains("timed out") || exhausted.getMessage().contains("not available"),
                        exhausted.getMessage());
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            assertEquals(0, pool.statistics().active());
            assertEquals(3, pool.statistics().total());
        }
    }

    @Test
    void wrongPasswordFailsWhenOpeningWithoutRevealingIt() {
        HikariPoolSettings wrong = new HikariPoolSettings("org.mariadb.jdbc.Driver", url, "root",
                Secret.ofNullable("not-the-password-xyz"), 1, 2, Duration.ofMillis(500), Duration.ofMinutes(30),
                Duration.ofMinutes(10), Duration.ofMinutes(2));
        RuntimeException e = assertThrows(RuntimeException.class, () -> new HikariPool(wrong, "it-hikari-wrong").close());
        assertFalse(String.valueOf(e.getMessage()).contains("not-the-password-xyz"), e.getMessage());
    }

    @Test
    void closingWaitsForBorrowedConnectionsInsteadOfAbortingThem() throws Exception {
        HikariPool pool = new HikariPool(settings(1, 2), "it-hikari-drain");
        Connection held = pool.connection();
        Thread closer = new Thread(() -> pool.close(Duration.ofSeconds(20)), "closer");
        closer.start();
        awaitDraining(closer);
        assertEquals(1, pool.statistics().active(), "the pool is still open, the connection still borrowed");
        try (Statement st = held.createStatement(); ResultSet rs = st.executeQuery("SELECT 7")) {
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1), "the borrowed connection still works while the pool closes");
        }
        held.close();
        closer.join(30_000);
        assertFalse(closer.isAlive(), "close returns once the connection came back");
        assertThrows(SQLException.class, pool::connection);
    }

    /**
     * Waits until {@code closer} sleeps in {@link HikariPool#close(Duration)} itself, its wait for
     * borrowed connections, rather than in HikariCP's shutdown.
     */
    private static void awaitDraining(Thread closer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sleepsIn(closer, HikariPool.class, "close")) {
            assertTrue(closer.isAlive(), "close returned while a connection was borrowed");
            assertTrue(System.nanoTime() < deadline, "the closer did not start waiting within 10 s: "
                    + Arrays.toString(closer.getStackTrace()));
            Thread.sleep(5);
        }
    }

    private static boolean sleepsIn(Thread thread, Class<?> type, String method) {
        StackTraceElement[] stack = thread.getStackTrace();
        if (stack.length == 0 || !stack[0].getClassName().equals(Thread.class.getName()) || !stack[0].getMethodName().startsWith("sleep")) {
            return false;
        }
        return Arrays.stream(stack).filter(f -> !f.getClassName().equals(Thread.class.getName())).findFirst()
                .map(f -> f.getClassName().equals(type.getName()) && f.getMethodName().equals(method)).orElse(false);
    }

    @Test
    void closedPoolRefusesConnections() {
        HikariPool pool = new HikariPool(settings(1, 2), "it-hikari-closed");
        pool.close();
        assertThrows(SQLException.class, pool::connection);
    }

    @Test
    void invalidSizesAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(5, 2));
        assertTrue(e.getMessage().contains("minConnections (5)"), e.getMessage());
    }
}
