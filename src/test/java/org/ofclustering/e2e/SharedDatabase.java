package org.ofclustering.e2e;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * A fresh MariaDB database ({@code ofc_e2e_<random>} on 127.0.0.1:3306) that every node of one
 * test cluster shares, dropped on {@link #close()}. The first node creates Openfire's schema in it
 * during its unattended setup.
 */
public final class SharedDatabase implements AutoCloseable {
    private static final String SERVER = "127.0.0.1:3306";
    private static final String USER = "root";
    private static final String PASSWORD = "";

    private final String name;

    private SharedDatabase(String name) {
        this.name = name;
    }

    /** Creates a new, empty database with a random name. */
    public static SharedDatabase create() throws SQLException {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        String name = "ofc_e2e_" + HexFormat.of().formatHex(random);
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + SERVER + "/", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return new SharedDatabase(name);
    }

    public String name() {
        return name;
    }

    /** The JDBC URL Openfire uses, for the driver that the distribution ships. */
    public String jdbcUrl(OpenfireDistribution.JdbcDriver driver) {
        return driver.urlPrefix() + SERVER + "/" + name + "?characterEncoding=UTF-8&serverTimezone=UTC";
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /**
     * Writes Openfire system properties (table {@code ofProperty}) directly. Openfire reads every
     * system property once when it boots and keeps them in memory, so this is how a node booting
     * next gets values that differ per node although Openfire keeps them in the shared database
     * (the listener ports of several nodes on one host). Nodes already running do not see it.
     */
    public void putProperties(Map<String, String> properties) throws SQLException {
        try (Connection c = connect();
             PreparedStatement upsert = c.prepareStatement(
                     "INSERT INTO ofProperty (name, propValue, encrypted) VALUES (?, ?, 0) "
                             + "ON DUPLICATE KEY UPDATE propValue = VALUES(propValue), encrypted = 0, iv = NULL")) {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                upsert.setString(1, e.getKey());
                upsert.setString(2, e.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Opens a connection to this database (for assertions on stored data, e.g. offline messages). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + SERVER + "/" + name, USER, PASSWORD);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + SERVER + "/", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.executeUpdate("DROP DATABASE IF EXISTS " + name);
        }
    }
}
