// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.database;

import java.sql.Connection;
import java.sql.SQLException;

public class DefaultConnectionProvider implements ConnectionProvider {
    public DefaultConnectionProvider() { throw new UnsupportedOperationException(); }
    @Override public boolean isPooled() { throw new UnsupportedOperationException(); }
    @Override public Connection getConnection() throws SQLException { throw new UnsupportedOperationException(); }
    @Override public void start() { throw new UnsupportedOperationException(); }
    @Override public void restart() { throw new UnsupportedOperationException(); }
    @Override public void destroy() { throw new UnsupportedOperationException(); }
}
