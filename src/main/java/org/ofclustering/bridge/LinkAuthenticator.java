package org.ofclustering.bridge;

import org.ofclustering.config.Secret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs and checks link hellos with HMAC-SHA256 under the cluster's link secret. A hello is accepted
 * once: its MAC must match (constant-time comparison), its expiry must lie in the future but no
 * further than twice the configured lifetime (bounding clock skew), and its nonce must not have
 * been seen before; nonces are remembered until their hello expires.
 */
final class LinkAuthenticator {
    /** Why a hello was refused; never sent to the peer, only logged. */
    enum Verdict { ACCEPTED, BAD_MAC, EXPIRED, REPLAYED }

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> seenNonces = new ConcurrentHashMap<>();

    LinkAuthenticator(Secret secret, Duration lifetime, Clock clock) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret.chars()));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        this.key = new SecretKeySpec(raw, ALGORITHM);
        Arrays.fill(raw, (byte) 0);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signed hello from {@code nodeId}, valid for the configured lifetime. */
    LinkHello sign(int type, String digest, String nodeId) {
        byte[] nonce = new byte[LinkHello.NONCE_LENGTH];
        random.nextBytes(nonce);
        LinkHello unsigned = new LinkHello(type, digest, nodeId, nonce, clock.millis() + lifetime.toMillis(), null);
        return new LinkHello(type, digest, nodeId, nonce, unsigned.expiry(), mac(unsigned.signedPart()));
    }

    /** Checks MAC, expiry and replay; an accepted nonce is remembered until the hello expires. */
    Verdict verify(LinkHello hello) {
        if (!MessageDigest.isEqual(mac(hello.signedPart()), hello.mac())) {
            return Verdict.BAD_MAC;
        }
        long now = clock.millis();
        if (hello.expiry() < now || hello.expiry() > now + 2 * lifetime.toMillis()) {
            return Verdict.EXPIRED;
        }
        purgeExpired(now);
        if (seenNonces.putIfAbsent(HexFormat.of().formatHex(hello.nonce()), hello.expiry()) != null) {
            return Verdict.REPLAYED;
        }
        return Verdict.ACCEPTED;
    }

    private void purgeExpired(long now) {
        if (seenNonces.size() < 64) {
            return;
        }
        for (Iterator<Long> it = seenNonces.values().iterator(); it.hasNext(); ) {
            if (it.next() < now) {
                it.remove();
            }
        }
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}
