package org.ofclustering.database;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcUrlTest {
    @Test
    void embeddedDatabasesAreRecognised() {
        assertTrue(JdbcUrl.isEmbedded("jdbc:hsqldb:/opt/openfire/embedded-db/openfire"));
        assertTrue(JdbcUrl.isEmbedded("jdbc:hsqldb:file:/opt/openfire/embedded-db/openfire"));
        assertTrue(JdbcUrl.isEmbedded("JDBC:HSQLDB:mem:test"));
        assertTrue(JdbcUrl.isEmbedded("jdbc:h2:~/test"));
        assertTrue(JdbcUrl.isEmbedded("jdbc:derby:memory:x;create=true"));
        assertFalse(JdbcUrl.isEmbedded("jdbc:hsqldb:hsql://db.example.com/openfire"));
        assertFalse(JdbcUrl.isEmbedded("jdbc:h2:tcp://db/openfire"));
        assertFalse(JdbcUrl.isEmbedded("jdbc:derby://db:1527/openfire"));
        assertFalse(JdbcUrl.isEmbedded("jdbc:mysql://db.example.com:3306/openfire"));
        assertFalse(JdbcUrl.isEmbedded("jdbc:postgresql://db/openfire"));
        assertFalse(JdbcUrl.isEmbedded(null));
    }

    @Test
    void redactedUrlCarriesNoCredentials() {
        assertEquals("jdbc:mariadb://db.example.com:3306/openfire",
                JdbcUrl.redacted("jdbc:mariadb://admin:s3cret@db.example.com:3306/openfire?password=s3cret&useSSL=true"));
        assertEquals("jdbc:sqlserver://db:1433", JdbcUrl.redacted("jdbc:sqlserver://db:1433;user=sa;password=s3cret"));
        assertEquals("jdbc:oracle:thin:@db:1521:xe", JdbcUrl.redacted("jdbc:oracle:thin:scott/tiger@db:1521:xe"));
        assertEquals("jdbc:postgresql://db/openfire", JdbcUrl.redacted("jdbc:postgresql://db/openfire"));
    }
}
