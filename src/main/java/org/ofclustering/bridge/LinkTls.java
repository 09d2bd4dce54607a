package org.ofclustering.bridge;

import org.ofclustering.config.Secret;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Builds the TLS context of node-to-node links from key stores: every node presents the key in its
 * key store and trusts the certificates in the trust store (one cluster certificate shared by all
 * nodes, or a cluster CA). Links require client certificates, so TLS alone already proves that the
 * peer holds a cluster key; the HMAC hello is checked on top.
 */
public final class LinkTls {
    private LinkTls() {
    }

    /**
     * @param keyStore           PKCS12 (or JKS) file with this node's key and certificate
     * @param keyStorePassword   its password (also the key's password)
     * @param trustStore         file with the trusted certificates, or null to trust the key store's own
     * @param trustStorePassword its password, or null when {@code trustStore} is null
     * @throws IOException naming the file when a store cannot be read or the password is wrong
     */
    public static SSLContext context(Path keyStore, Secret keyStorePassword, Path trustStore, Secret trustStorePassword)
            throws IOException {
        try {
            KeyStore keys = load(keyStore, keyStorePassword);
            KeyStore trusted = trustStore == null ? keys : load(trustStore, trustStorePassword);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyStorePassword == null ? new char[0] : keyStorePassword.chars());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the link TLS context from " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /**
     * The server side of an accepted link connection: TLS layered on the TCP socket (closing the TLS
     * socket closes it), client certificates required. The handshake starts with the first read or
     * {@link SSLSocket#startHandshake()}.
     */
    static SSLSocket acceptedSide(SSLContext context, Socket tcp, String[] protocols) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(tcp, tcp.getInetAddress().getHostAddress(), tcp.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setNeedClientAuth(true);
        ssl.setEnabledProtocols(protocols);
        return ssl;
    }

    private static KeyStore load(Path file, Secret password) throws IOException, GeneralSecurityException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.chars());
        }
        return store;
    }
}
