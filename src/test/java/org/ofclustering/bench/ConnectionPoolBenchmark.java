package org.ofclustering.bench;

import org.apache.commons.dbcp2.DriverManagerConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.ofclustering.database.HikariPool;
import org.ofclustering.database.HikariPoolSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Openfire's default pool technology (commons-dbcp2, configured as Openfire's
 * DefaultConnectionProvider does with its default settings) against HikariCP, on the local MariaDB:
 * borrow + {@code SELECT 1} + return, p50/p99 latency and throughput with 1, 4 and 16 threads,
 * next to the physical limit: the same query on connections that stay open (one per thread).
 *
 * <p>Run: {@code scripts/bench.sh ConnectionPoolBenchmark [secondsPerFigure [rounds]]} (defaults 2 and 3).
 */
public final class ConnectionPoolBenchmark {
    private static final String URL = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String USER = "root";
    private static final String PASSWORD = "";
    /** What Openfire's setup writes to openfire.xml. */
    private static final int MIN = 5;
    private static final int MAX = 25;
    private static final int[] THREADS = {1, 4, 16};
    private static final int MAX_SAMPLES_PER_THREAD = 2_000_000;

    private interface ConnectionSupplier {
        Connection get() throws SQLException;
    }

    private record Figures(long p50Nanos, long p99Nanos, double meanNanos, double opsPerSecond, long errors) {
    }

    public static void main(String[] args) throws Exception {
        double measureSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double warmSeconds = 0.5;
        System.out.printf(Locale.ROOT, "Connection pools on %s, borrow + SELECT 1 + return; pools %d..%d connections.%n"
                + "%d interleaved rounds of %.1f s per figure (after %.1f s warm-up); the round with the median throughput "
                + "is shown, with the throughput range of all rounds (the machine is shared).%n",
                URL, MIN, MAX, rounds, measureSeconds, warmSeconds);
        System.out.printf(Locale.ROOT, "%-28s %7s %9s %9s %9s %10s %8s %8s %6s  %s%n",
                "pool", "threads", "p50 us", "p99 us", "mean us", "ops/s", "p50/raw", "ops/raw", "errors", "ops/s range");

        GenericObjectPool<PoolableConnection> dbcpPool = openfireDefaultPool();
        PoolingDataSource<PoolableConnection> dbcp = new PoolingDataSource<>(dbcpPool);
        HikariPool hikari = new HikariPool(HikariPoolSettings.of("org.mariadb.jdbc.Driver", URL, USER, null)
                .withSizes(MIN, MAX), "bench");
        try {
            for (int threads : THREADS) {
                List<Figures> raw = new ArrayList<>();
                List<Figures> d = new ArrayList<>();
                List<Figures> h = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    raw.add(rawLimit(threads, warmSeconds, measureSeconds));
                    d.add(run(dbcp::getConnection, threads, warmSeconds, measureSeconds));
                    h.add(run(hikari::connection, threads, warmSeconds, measureSeconds));
                }
                Figures rawMedian = median(raw);
                print("raw JDBC, open connection", threads, raw, rawMedian);
                print("dbcp2 (Openfire default)", threads, d, rawMedian);
                print("HikariCP", threads, h, rawMedian);
            }
        } finally {
            hikari.close();
            dbcp.close();
        }
    }

    private static Figures median(List<Figures> rounds) {
        List<Figures> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    /** As Openfire's DefaultConnectionProvider.start() builds it, with its defaults for unset properties. */
    private static GenericObjectPool<PoolableConnection> openfireDefaultPool() {
        DriverManagerConnectionFactory connections = new DriverManagerConnectionFactory(URL, USER, PASSWORD);
        PoolableConnectionFactory factory = new PoolableConnectionFactory(connections, null);
        factory.setValidationQuery("select 1");
        factory.setValidationQueryTimeout(Duration.ofMillis(500));
        factory.setMaxConn(Duration.ofHours(12));
        GenericObjectPoolConfig<PoolableConnection> config = new GenericObjectPoolConfig<>();
        config.setTestOnBorrow(false); // database.defaultProvider.testBeforeUse defaults to false
        config.setTestOnReturn(false); // database.defaultProvider.testAfterUse defaults to false
        config.setMinIdle(MIN);
        config.setMaxTotal(MAX);
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        config.setSoftMinEvictableIdleDuration(Duration.ofMinutes(15));
        config.setMaxWait(Duration.ofMillis(500));
        GenericObjectPool<PoolableConnection> pool = new GenericObjectPool<>(factory, config);
        factory.setPool(pool);
        return pool;
    }

    /** The same query on connections opened once, one per thread: no pool at all. */
    private static Figures rawLimit(int threads, double warmSeconds, double measureSeconds) throws Exception {
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                open.add(DriverManager.getConnection(URL, USER, PASSWORD));
            }
            AtomicLong next = new AtomicLong();
            ThreadLocal<Connection> mine = ThreadLocal.withInitial(() -> open.get((int) next.getAndIncrement()));
            return measure(threads, warmSeconds, measureSeconds, () -> query(mine.get()));
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    private static Figures run(ConnectionSupplier pool, int threads, double warmSeconds, double measureSeconds) throws Exception {
        return measure(threads, warmSeconds, measureSeconds, () -> {
            try (Connection c = pool.get()) {
                query(c);
            }
        });
    }

    private interface Operation {
        void run() throws SQLException;
    }

    private static void query(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("SELECT 1 did not return 1");
            }
        }
    }

    private static Figures measure(int threads, double warmSeconds, double measureSeconds, Operation op) throws Exception {
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmSeconds * 1e9);
        long end = measureFrom + (long) (measureSeconds * 1e9);
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    long now = System.nanoTime();
                    while (now < end) {
                        long before = now;
                        try {
                            op.run();
                        } catch (SQLException e) {
                            if (before >= measureFrom) {
                                errors.incrementAndGet();
                            }
                        }
                        now = System.nanoTime();
                        if (before >= measureFrom && n < MAX_SAMPLES_PER_THREAD) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, mine.length * 2);
                            }
                            mine[n++] = now - before;
                        }
                    }
                } finally {
                    samples[index] = mine;
                    counts[index] = n;
                    done.countDown();
                }
            }, "bench-" + t);
            worker.start();
        }
        done.await();
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        if (all.length == 0) {
            return new Figures(0, 0, 0, 0, errors.get());
        }
        double sum = 0;
        for (long v : all) {
            sum += v;
        }
        return new Figures(all[(int) (all.length * 0.50)], all[Math.min(all.length - 1, (int) (all.length * 0.99))],
                sum / all.length, total / measureSeconds, errors.get());
    }

    private static void print(String name, int threads, List<Figures> rounds, Figures raw) {
        Figures f = median(rounds);
        double low = rounds.stream().mapToDouble(Figures::opsPerSecond).min().orElse(0);
        double high = rounds.stream().mapToDouble(Figures::opsPerSecond).max().orElse(0);
        System.out.printf(Locale.ROOT, "%-28s %7d %9.1f %9.1f %9.1f %10.0f %8.2f %8.2f %6d  %.0f-%.0f%n", name, threads,
                f.p50Nanos() / 1e3, f.p99Nanos() / 1e3, f.meanNanos() / 1e3, f.opsPerSecond(),
                raw.p50Nanos() == 0 ? 0 : (double) f.p50Nanos() / raw.p50Nanos(),
                raw.opsPerSecond() == 0 ? 0 : f.opsPerSecond() / raw.opsPerSecond(), f.errors(), low, high);
    }
}
