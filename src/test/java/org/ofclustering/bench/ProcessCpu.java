package org.ofclustering.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the processes that carry a chat message (each Openfire node, RabbitMQ, Redis, the
 * benchmark's own XMPP clients), read from {@code /proc/<pid>/stat} (user + system time). On a
 * two-core machine the cluster is CPU-bound, so CPU per message is the figure that says where a
 * clustered message's cost goes. Linux only; elsewhere every figure is absent.
 */
final class ProcessCpu {
    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;

    private ProcessCpu(Map<String, Long> pids) {
        this.pids = pids;
    }

    /** The processes to watch, by label, in the order they are printed; absent ones are left out. */
    static ProcessCpu of(Map<String, Long> openfireNodes) {
        Map<String, Long> pids = new LinkedHashMap<>(openfireNodes);
        findProcess("beam.smp", "rabbit").ifPresent(pid -> pids.put("RabbitMQ", pid));
        findProcess("redis-server", ":6379").ifPresent(pid -> pids.put("Redis", pid));
        pids.put("XMPP clients (benchmark JVM)", ProcessHandle.current().pid());
        return new ProcessCpu(pids);
    }

    /** CPU seconds used so far, by label; a process whose times cannot be read is left out. */
    Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((label, pid) -> cpuSeconds(pid).ifPresent(s -> out.put(label, s)));
        return out;
    }

    /** CPU microseconds per message between two readings, by label. */
    static Map<String, Double> microsPerMessage(Map<String, Double> before, Map<String, Double> after, long messages) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((label, s) -> {
            Double b = before.get(label);
            if (b != null && messages > 0) {
                out.put(label, (s - b) * 1_000_000 / messages);
            }
        });
        return out;
    }

    private static Optional<Double> cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return Optional.of((utime + stime) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first process whose command line names {@code program} and contains {@code marker}. */
    private static Optional<Long> findProcess(String program, String marker) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                            return cmd.contains(program) && cmd.contains(marker);
                        } catch (IOException | RuntimeException e) {
                            return false; // a process that ended meanwhile, or one we may not read
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
