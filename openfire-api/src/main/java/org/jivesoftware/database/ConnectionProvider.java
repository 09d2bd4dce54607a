// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.database;

import java.sql.Connection;
import java.sql.SQLException;

public interface ConnectionProvider {
    boolean isPooled();
    Connection getConnection() throws SQLException;
    void start();
    void restart();
    void destroy();
}
