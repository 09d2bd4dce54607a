package org.ofclustering.membership;

import org.ofclustering.config.RedisSettings;
import org.ofclustering.redis.KeySpace;
import org.ofclustering.redis.RedisConnector;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One cluster node for the multi-JVM membership tests: runs a {@link MembershipService} and prints
 * one line per event, {@code EVENT <kind> ... ct=<cluster time> t=<wall clock>}. Reads commands from
 * standard input: {@code leave}, {@code status}, {@code exit}.
 *
 * <p>Arguments: redisHost redisPort cluster nodeId version heartbeatMs leaseMs
 */
public final class MembershipNodeMain {
    private MembershipNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String cluster = args[2];
        String nodeId = args[3];
        String version = args[4];
        MembershipSettings settings = MembershipSettings.of(Duration.ofMillis(Long.parseLong(args[5])),
                Duration.ofMillis(Long.parseLong(args[6])));
        RedisSettings redisSettings = RedisSettings.standalone(host, port);
        redisSettings = new RedisSettings(redisSettings.mode(), redisSettings.uris(), null, null, null, false, true, 0,
                Duration.ofSeconds(2));
        RedisConnector redis = RedisConnector.connect(redisSettings, "ofc-it-" + nodeId);
        MembershipService service = new MembershipService(redis, new KeySpace(cluster),
                new LocalNode(nodeId, "host-" + nodeId, "127.0.0.1", 7000, version), settings);
        service.addListener(new MembershipListener() {
            @Override
            public void joinedCluster(MemberInfo self, boolean rejoin) {
                print("self-joined " + self.joinOrder() + " rejoin=" + rejoin + " members=" + service.members().size());
            }

            @Override
            public void leftCluster() {
                print("self-left");
            }

            @Override
            public void memberJoined(MemberInfo member) {
                print("joined " + member.nodeId() + " " + member.joinOrder() + " version=" + member.version());
            }

            @Override
            public void memberLeft(MemberInfo member, boolean crashed) {
                print("left " + member.nodeId() + " " + member.joinOrder() + " crashed=" + crashed);
            }

            @Override
            public void becameSenior() {
                print("senior " + service.fencingToken());
            }

            @Override
            public void fenced() {
                print("fenced validUntil=" + service.leaseValidUntil() + " valid=" + service.holdsValidLease());
            }

            private void print(String what) {
                System.out.println("EVENT " + what + " ct=" + service.clusterTime() + " t=" + System.currentTimeMillis());
            }
        });
        service.start();
        System.out.println("STARTED " + nodeId + " token=" + service.fencingToken());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "leave" -> {
                    service.stop();
                    System.out.println("STOPPED " + nodeId);
                }
                case "status" -> {
                    MembershipStatus s = service.status();
                    System.out.println("STATUS state=" + s.state() + " token=" + s.fencingToken() + " senior=" + s.seniorNodeId()
                            + " members=" + s.members().stream().map(m -> m.member().nodeId()).toList()
                            + " mismatches=" + s.versionMismatches().stream().map(MemberInfo::nodeId).toList()
                            + " epoch=" + s.epoch() + " evictions=" + service.evictions());
                }
                case "exit" -> {
                    service.close();
                    redis.close();
                    System.out.println("EXITED " + nodeId);
                    System.exit(0);
                }
                default -> System.out.println("UNKNOWN " + line);
            }
        }
        service.close();
        redis.close();
    }
}
