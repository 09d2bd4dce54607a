package org.ofclustering.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;

/**
 * The database side of the shared-database check: table {@value #TABLE} with one row,
 * {@code identityName = 'database'}. Plain types every database Openfire supports understands,
 * and no {@code IF NOT EXISTS} (not portable).
 */
final class IdentityTable {
    private static final Logger Log = LoggerFactory.getLogger(IdentityTable.class);

    static final String TABLE = "ofClusterIdentity";
    static final String ROW = "database";
    private static final String SELECT = "SELECT identityValue, createdAt FROM " + TABLE + " WHERE identityName = ?";
    private static final String INSERT = "INSERT INTO " + TABLE + " (identityName, identityValue, createdAt) VALUES (?, ?, ?)";
    private static final String CREATE = "CREATE TABLE " + TABLE + " (identityName VARCHAR(32) NOT NULL, "
            + "identityValue VARCHAR(64) NOT NULL, createdAt VARCHAR(40) NOT NULL, PRIMARY KEY (identityName))";

    /** The stored identity and when it was created (ISO-8601 text as stored). */
    record Row(String identity, String createdAt) {
    }

    private IdentityTable() {
    }

    /** The stored identity or null; creates the table when it does not exist yet. */
    static Row readOrCreate(Connection con) throws SQLException {
        if (!exists(con)) {
            try (Statement st = con.createStatement()) {
                st.executeUpdate(CREATE);
                Log.info("Created table {} for the shared-database check", TABLE);
            } catch (SQLException e) {
                // Another node may have created it meanwhile; the read below tells.
                Log.debug("Creating table {} failed ({}); reading again", TABLE, e.getMessage());
            }
        }
        return read(con);
    }

    /** Inserts the identity unless another node was first; returns the row that is stored. */
    static Row insertOrRead(Connection con, String identity) throws SQLException {
        String createdAt = Instant.now().toString();
        try (PreparedStatement st = con.prepareStatement(INSERT)) {
            st.setString(1, ROW);
            st.setString(2, identity);
            st.setString(3, createdAt);
            st.executeUpdate();
            return new Row(identity, createdAt);
        } catch (SQLException e) {
            Row winner = read(con);
            if (winner == null) {
                throw e;
            }
            return winner;
        }
    }

    /** Looks the table up as written, upper- and lower-case: databases differ in how they store names. */
    private static boolean exists(Connection con) throws SQLException {
        DatabaseMetaData meta = con.getMetaData();
        for (String name : new String[] {TABLE, TABLE.toUpperCase(Locale.ROOT), TABLE.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(con.getCatalog(), null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Row read(Connection con) throws SQLException {
        try (PreparedStatement st = con.prepareStatement(SELECT)) {
            st.setString(1, ROW);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2)) : null;
            }
        }
    }
}
