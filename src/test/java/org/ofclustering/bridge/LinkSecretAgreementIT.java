package org.ofclustering.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.bridge.LinkSecretAgreement.Agreement;
import org.ofclustering.bridge.LinkSecretAgreement.Source;
import org.ofclustering.config.Secret;
import org.ofclustering.database.FirstWrittenProperty;
import org.ofclustering.database.PropertyCipher;
import org.ofclustering.database.TestDatabases;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link secret against a real MariaDB with Openfire's {@code ofProperty} table: nodes starting
 * together (each its own agreement, connection and cipher) end up with one secret, stored once,
 * encrypted the way Openfire stores encrypted properties.
 */
class LinkSecretAgreementIT {
    private static final int NODES = 6;
    private static final int ROUNDS = 20;
    // Openfire's table as its MySQL/MariaDB schema creates it.
    private static final String OF_PROPERTY = "CREATE TABLE ofProperty (name VARCHAR(100) NOT NULL, propValue TEXT NOT NULL, "
            + "encrypted INTEGER, iv CHAR(24), PRIMARY KEY (name))";

    private final byte[] key = randomBytes(16);
    private final TestDatabases databases = new TestDatabases();
    private String url;

    @BeforeEach
    void createOpenfireTable() throws SQLException {
        url = databases.create(OF_PROPERTY);
    }

    @AfterEach
    void tearDown() throws SQLException {
        databases.close();
    }

    private LinkSecretAgreement node(String property, byte[] cipherKey) {
        return new LinkSecretAgreement(property, new FirstWrittenProperty(TestDatabases.source(url), new AesCipher(cipherKey)));
    }

    @Test
    void nodesStartingTogetherAgreeOnOneSecret() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String property = "clustering.bridge.secret.race" + round; // a fresh, unset property each round
                CyclicBarrier start = new CyclicBarrier(NODES);
                List<Future<Agreement>> results = new ArrayList<>();
                for (int i = 0; i < NODES; i++) {
                    results.add(pool.submit(() -> {
                        LinkSecretAgreement node = node(property, key);
                        start.await(30, TimeUnit.SECONDS);
                        return node.agree(null);
                    }));
                }
                Set<Secret> secrets = new HashSet<>();
                int generated = 0;
                for (Future<Agreement> f : results) {
                    Agreement a = f.get(60, TimeUnit.SECONDS);
                    secrets.add(a.secret());
                    generated += a.source() == Source.GENERATED ? 1 : 0;
                }
                assertEquals(1, secrets.size(), "round " + round + ": every node must use the same secret");
                assertEquals(1, generated, "round " + round + ": exactly one node's secret is stored");
                StoredRow row = storedRow(property);
                assertEquals(secrets.iterator().next().reveal(), new AesCipher(key).decrypt(row.value, row.iv()),
                        "the database holds the secret the nodes use");
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void secretIsStoredEncryptedAsOpenfireStoresProperties() throws Exception {
        Agreement first = node("clustering.bridge.secret", key).agree(null);
        assertSame(Source.GENERATED, first.source());
        StoredRow row = storedRow("clustering.bridge.secret");
        assertEquals(1, row.encrypted);
        assertEquals(16, row.iv().length, "a 16-byte IV in Base64, as Openfire writes it");
        assertNotEquals(first.secret().reveal(), row.value, "not stored in clear");
        assertTrue(first.secret().reveal().length() >= 43, "at least 256 random bits");
    }

    @Test
    void aSecretStoredByAnotherNodeIsUsed() throws Exception {
        // The other node stored it after this node's Openfire had loaded its properties: this node sees none configured.
        Agreement other = node("clustering.bridge.secret", key).agree(null);
        Agreement late = node("clustering.bridge.secret", key).agree(null);
        assertSame(Source.STORED_BY_ANOTHER_NODE, late.source());
        assertEquals(other.secret(), late.secret());
    }

    @Test
    void aConfiguredSecretIsKeptAndNothingIsStored() throws Exception {
        Secret configured = Secret.ofNullable("configured-by-the-administrator");
        Agreement agreed = node("clustering.bridge.secret", key).agree(configured);
        assertSame(Source.CONFIGURED, agreed.source());
        assertEquals(configured, agreed.secret());
        assertNull(storedRow("clustering.bridge.secret"), "a configured secret is not overwritten");
    }

    @Test
    void aRowThatCannotBeDecryptedIsReportedNotReplaced() throws Exception {
        Agreement stored = node("clustering.bridge.secret", key).agree(null);
        LinkSecretAgreement otherKey = node("clustering.bridge.secret", randomBytes(16));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> otherKey.agree(null));
        assertTrue(e.getMessage().contains("clustering.bridge.secret") && e.getMessage().contains("security.xml"), e.getMessage());
        StoredRow row = storedRow("clustering.bridge.secret");
        assertEquals(stored.secret().reveal(), new AesCipher(key).decrypt(row.value, row.iv()), "the stored secret stays");
    }

    private record StoredRow(String value, int encrypted, String ivText) {
        byte[] iv() {
            return Base64.getDecoder().decode(ivText);
        }
    }

    private StoredRow storedRow(String property) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", "");
             PreparedStatement st = c.prepareStatement("SELECT propValue, encrypted, iv FROM ofProperty WHERE name = ?")) {
            st.setString(1, property);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new StoredRow(rs.getString(1), rs.getInt(2), rs.getString(3)) : null;
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /**
     * AES with the row's IV, Base64 text; answers null for a wrong key, as Openfire's encryptor does
     * (GCM, so that a wrong key is always detected).
     */
    private record AesCipher(byte[] key) implements PropertyCipher {
        @Override
        public String encrypt(String value, byte[] iv) {
            try {
                return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, iv).doFinal(value.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String decrypt(String stored, byte[] iv) {
            try {
                return new String(cipher(Cipher.DECRYPT_MODE, iv).doFinal(Base64.getDecoder().decode(stored)), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                return null;
            }
        }

        private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            return c;
        }
    }
}
