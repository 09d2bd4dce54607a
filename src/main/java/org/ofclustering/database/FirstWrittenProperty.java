package org.ofclustering.database;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * An encrypted Openfire system property whose value is generated once for the whole cluster: the
 * row is written straight into the shared {@code ofProperty} table, whose primary key on the name
 * lets exactly one node's INSERT succeed; every other node reads that row back.
 *
 * <p>Openfire's own {@code JiveGlobals.setProperty} cannot decide this: it chooses between INSERT
 * and UPDATE from its in-memory copy of the properties, loaded when the server booted, and keeps
 * its own value in memory even when its INSERT failed because another node's row was there first.
 * The row is the one Openfire writes for an encrypted property ({@code encrypted = 1}, {@code iv}
 * = Base64 of 16 random bytes), so Openfire reads it at its next start; the caller puts the value
 * into Openfire's memory for the current run.
 */
public final class FirstWrittenProperty {
    private static final String SELECT = "SELECT propValue, encrypted, iv FROM ofProperty WHERE name = ?";
    private static final String INSERT = "INSERT INTO ofProperty(name, propValue, encrypted, iv) VALUES(?,?,?,?)";

    /**
     * The value the cluster uses.
     *
     * @param value       the stored value, decrypted
     * @param writtenHere true when this call wrote the row, false when it was there (written by another node)
     */
    public record Stored(String value, boolean writtenHere) {
    }

    private final ConnectionSource database;
    private final PropertyCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public FirstWrittenProperty(ConnectionSource database, PropertyCipher cipher) {
        this.database = database;
        this.cipher = cipher;
    }

    /**
     * The property's value in the database; when there is none, {@code candidate} is stored
     * (encrypted) unless another node stores its own first, whose value is then returned.
     *
     * @throws SQLException          when the table cannot be read or written and holds no row for the name
     * @throws IllegalStateException when the stored row cannot be decrypted
     */
    public Stored claim(String name, String candidate) throws SQLException {
        try (Connection con = database.open()) {
            if (!con.getAutoCommit()) {
                con.setAutoCommit(true);
            }
            String existing = read(con, name);
            if (existing != null) {
                return new Stored(existing, false);
            }
            try {
                insert(con, name, candidate);
                return new Stored(candidate, true);
            } catch (SQLException e) {
                // Most likely the primary key: another node inserted first. Its row decides.
                String winner = read(con, name);
                if (winner == null) {
                    throw e;
                }
                return new Stored(winner, false);
            }
        }
    }

    private String read(Connection con, String name) throws SQLException {
        try (PreparedStatement st = con.prepareStatement(SELECT)) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String stored = rs.getString(1);
                boolean encrypted = rs.getInt(2) == 1;
                String iv = rs.getString(3);
                if (!encrypted) {
                    return stored;
                }
                String value = cipher.decrypt(stored, iv == null ? null : Base64.getDecoder().decode(iv.trim()));
                if (value == null) {
                    // Openfire's encryptor answers null when the key does not fit: not the same as no row.
                    throw new IllegalStateException("property " + name + " is stored encrypted but cannot be decrypted "
                            + "with this node's property encryption key (security.xml)");
                }
                return value;
            }
        }
    }

    private void insert(Connection con, String name, String value) throws SQLException {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        try (PreparedStatement st = con.prepareStatement(INSERT)) {
            st.setString(1, name);
            st.setString(2, cipher.encrypt(value, iv));
            st.setInt(3, 1);
            st.setString(4, Base64.getEncoder().encodeToString(iv));
            st.executeUpdate();
        }
    }
}
