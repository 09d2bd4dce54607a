package org.ofclustering.database;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where database connections come from: Openfire's pool in production
 * ({@code DbConnectionManager::getConnection}), a plain {@link DataSource} in tests. The caller
 * closes every connection it opens.
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;

    static ConnectionSource of(DataSource dataSource) {
        return dataSource::getConnection;
    }
}
