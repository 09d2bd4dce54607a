// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.database;

import java.sql.Connection;
import java.sql.SQLException;

public class DbConnectionManager {
    private DbConnectionManager() { throw new UnsupportedOperationException(); }
    public static Connection getConnection() throws SQLException { throw new UnsupportedOperationException(); }
    public static ConnectionProvider getConnectionProvider() { throw new UnsupportedOperationException(); }
    public static void setConnectionProvider(ConnectionProvider provider) { throw new UnsupportedOperationException(); }
    public static boolean isEmbeddedDB() { throw new UnsupportedOperationException(); }
}
