package org.ofclustering.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Databases of one test on the local MariaDB (root, no password), dropped by {@link #close()}. */
public final class TestDatabases implements AutoCloseable {
    static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private final List<String> created = new ArrayList<>();

    /**
     * Creates a new database named {@code ofc_it_<random>}, runs the given statements in it (e.g.
     * the Openfire tables a test needs) and returns its JDBC URL.
     */
    public String create(String... statements) throws SQLException {
        String name = "ofc_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE DATABASE " + name);
        }
        created.add(name);
        String url = SERVER + name;
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.executeUpdate(statement);
            }
        }
        return url;
    }

    public static ConnectionSource source(String url) {
        return () -> DriverManager.getConnection(url, "root", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement st = c.createStatement()) {
            for (String name : created) {
                st.executeUpdate("DROP DATABASE IF EXISTS " + name);
            }
        }
    }
}
