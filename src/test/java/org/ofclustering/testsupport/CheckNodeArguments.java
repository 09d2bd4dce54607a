package org.ofclustering.testsupport;

import org.ofclustering.membership.MembershipSettings;
import org.ofclustering.redis.KeySpace;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line every node JVM of a randomized check takes: Redis port, cluster name, node id,
 * seed, seconds, history file, heartbeat ms, lease ms, then whatever the check adds
 * ({@link #extra(int)}). {@link #of} builds the same list on the test's side.
 */
public record CheckNodeArguments(int port, KeySpace space, String nodeId, long seed, long deadlineNanos,
                                 PrintStream history, MembershipSettings timing, List<String> extras) {

    private static final int FIXED = 8;

    public static CheckNodeArguments parse(String[] args) throws FileNotFoundException {
        return new CheckNodeArguments(Integer.parseInt(args[0]), new KeySpace(args[1]), args[2], Long.parseLong(args[3]),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4])),
                new PrintStream(new FileOutputStream(args[5], true), true, StandardCharsets.UTF_8),
                MembershipSettings.of(Duration.ofMillis(Long.parseLong(args[6])), Duration.ofMillis(Long.parseLong(args[7]))),
                List.of(args).subList(FIXED, args.length));
    }

    /** The arguments for one node, in the order {@link #parse} reads them. */
    public static String[] of(int port, String clusterName, String nodeId, long seed, long seconds, Path history,
                              long heartbeatMs, long leaseMs, String... extras) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(port), clusterName, nodeId, Long.toString(seed),
                Long.toString(seconds), history.toString(), Long.toString(heartbeatMs), Long.toString(leaseMs)));
        args.addAll(List.of(extras));
        return args.toArray(String[]::new);
    }

    public String extra(int index) {
        return extras.get(index);
    }
}
