package org.ofclustering.membership;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ofclustering.config.RedisSettings;
import org.ofclustering.config.Secret;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership under a Redis ACL user: the user the readme's security section proposes runs every
 * membership script, the connection watch included; a user without {@code INFO} still keeps its
 * lease (the watch is off and a closed connection is noticed by lease expiry only).
 */
class MembershipAclIT {
    private static final MembershipSettings TIMING = MembershipSettings.of(Duration.ofMillis(200), Duration.ofMillis(1500));
    private static final String PASSWORD = "acl-" + UUID.randomUUID();

    private final String cluster = "it-acl-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = "ofc-it-" + cluster;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final RedisConnector admin = RedisConnector.connect(RedisSettings.standalone("127.0.0.1", 6379), "ofc-it-acl-admin");

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        admin.sync().aclDeluser(user);
        List<byte[]> left = admin.sync().keys(new KeySpace(cluster).allKeysPattern());
        if (!left.isEmpty()) {
            admin.sync().del(left.toArray(byte[][]::new));
        }
        admin.close();
    }

    @Test
    void theReadmeAclUserRunsTheMembershipAndItsConnectionWatch() throws Exception {
        createUser(readmeRules());
        Departure departure = twoNodesThenCloseTheSecondsConnections();
        assertEquals(1, departure.survivor.evictions(), "the second node's closed connection ended its lease");
        assertTrue(departure.millis < TIMING.leaseLength().minus(TIMING.heartbeatInterval()).toMillis(),
                "gone after " + departure.millis + " ms: sooner than any lease expiry, so by the watch");
        assertEquals(0, departure.survivor.status().fences(), "the ACL user renewed without a refusal");
    }

    @Test
    void aUserWithoutInfoKeepsItsLeaseAndFallsBackToLeaseExpiry() throws Exception {
        createUser(readmeRules() + " -info");
        Departure departure = twoNodesThenCloseTheSecondsConnections();
        assertEquals(0, departure.survivor.evictions(), "without INFO the watch cannot run");
        assertTrue(departure.millis >= TIMING.leaseLength().minus(TIMING.heartbeatInterval()).toMillis() - 50,
                "gone after " + departure.millis + " ms, by lease expiry");
        assertEquals(0, departure.survivor.status().fences(), "renewals work without INFO");
    }

    private record Departure(MembershipService survivor, long millis) {
    }

    private Departure twoNodesThenCloseTheSecondsConnections() throws Exception {
        CountDownLatch left = new CountDownLatch(1);
        MembershipService first = node("n1", null);
        first.addListener(new MembershipListener() {
            @Override
            public void memberLeft(MemberInfo member, boolean crashed) {
                left.countDown();
            }
        });
        first.start();
        RedisConnector secondRedis = connectAsUser("n2");
        MembershipService second = node("n2", secondRedis);
        second.start();
        awaitArmedOrRenewed();
        long closed = System.nanoTime();
        secondRedis.close(); // what a killed process's kernel does to its connections
        assertTrue(left.await(20, TimeUnit.SECONDS), "n1 never saw n2 leave");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
        System.out.printf("ACL user: n2's connections closed, n1 saw it gone after %d ms (evictions %d)%n", millis, first.evictions());
        return new Departure(first, millis);
    }

    /** Waits for a few renewals of n2, long enough for its watch mark to be set when the user allows it. */
    private void awaitArmedOrRenewed() throws InterruptedException {
        byte[] armed = new KeySpace(cluster).keyBytes(KeySpace.MEMBERSHIP, "armed");
        long deadline = System.nanoTime() + TIMING.heartbeatInterval().multipliedBy(4).toNanos();
        while (System.nanoTime() < deadline && !admin.sync().hexists(armed, "n2".getBytes(StandardCharsets.UTF_8))) {
            Thread.sleep(10);
        }
    }

    private MembershipService node(String id, RedisConnector own) {
        RedisConnector redis = own != null ? own : connectAsUser(id);
        MembershipService s = new MembershipService(redis, new KeySpace(cluster), new LocalNode(id, id + ".example.org", null, 0, "1"), TIMING);
        closeables.add(s);
        return s;
    }

    private RedisConnector connectAsUser(String id) {
        RedisSettings local = RedisSettings.standalone("127.0.0.1", 6379);
        RedisConnector c = RedisConnector.connect(new RedisSettings(local.mode(), local.uris(), null, user,
                Secret.ofNullable(PASSWORD), false, true, 0, Duration.ofSeconds(2)), "ofc-it-" + id);
        closeables.add(c);
        return c;
    }

    private void createUser(String rules) {
        List<String> args = new ArrayList<>(List.of("SETUSER", user, "reset", "on", ">" + PASSWORD));
        for (String rule : rules.trim().split("\\s+")) {
            args.add(rule.replace("{prod:", "{" + cluster + ":"));
        }
        String reply = admin.sync().dispatch(io.lettuce.core.protocol.CommandType.ACL,
                new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.ByteArrayCodec.INSTANCE),
                new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.ByteArrayCodec.INSTANCE).addValues(
                        args.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList()));
        assertEquals("OK", reply, "ACL SETUSER " + rules);
    }

    /** The ACL rules of the readme's example user, after its name, state and password. */
    private static String readmeRules() throws Exception {
        String page = Files.readString(Path.of("readme.html"));
        Matcher m = Pattern.compile("ACL SETUSER openfire on &gt;password ([^<]+)</code>").matcher(page);
        assertTrue(m.find(), "the readme shows an ACL user");
        return m.group(1).replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<");
    }
}
