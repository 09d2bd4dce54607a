package org.ofclustering.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An unpacked Openfire distribution (the directory with {@code bin/}, {@code lib/}, {@code conf/},
 * {@code plugins/}) that the user downloaded from the Openfire project and names with the
 * {@code OPENFIRE_HOME} environment variable. The suite never bundles or builds Openfire.
 */
public record OpenfireDistribution(Path home, String version) {
    /** The environment variable naming the distribution. */
    public static final String ENVIRONMENT_VARIABLE = "OPENFIRE_HOME";
    /** Why end-to-end tests are skipped when the variable is missing. */
    public static final String SKIP_REASON = "OPENFIRE_HOME is not set";

    private static final Pattern SERVER_JAR = Pattern.compile("xmppserver-(.+)\\.jar");

    /** The distribution named by {@code OPENFIRE_HOME}, or empty when the variable is unset or blank. */
    public static Optional<OpenfireDistribution> fromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(at(Paths.get(value)));
    }

    /** Checks that {@code home} looks like an unpacked distribution and reads its version from the server jar. */
    public static OpenfireDistribution at(Path home) {
        Path lib = home.resolve("lib");
        if (!Files.isRegularFile(lib.resolve("startup.jar"))) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + home
                    + " is not an unpacked Openfire distribution: lib/startup.jar is missing");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            String version = jars.map(p -> SERVER_JAR.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + home
                            + " has no lib/xmppserver-<version>.jar"));
            return new OpenfireDistribution(home.toAbsolutePath().normalize(), version);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + lib + ": " + e.getMessage(), e);
        }
    }

    public Path lib() {
        return home.resolve("lib");
    }

    /**
     * The JDBC driver class and URL prefix for MariaDB that this distribution ships: Openfire 5.1
     * has MariaDB's own driver (and a MariaDB schema), older releases only MySQL's.
     */
    public JdbcDriver jdbcDriver() {
        try (Stream<Path> jars = Files.list(lib())) {
            boolean mariadb = jars.anyMatch(p -> p.getFileName().toString().startsWith("mariadb-java-client"));
            return mariadb
                    ? new JdbcDriver("org.mariadb.jdbc.Driver", "jdbc:mariadb://")
                    : new JdbcDriver("com.mysql.cj.jdbc.Driver", "jdbc:mysql://");
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + lib() + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC driver class name and the URL scheme it accepts. */
    public record JdbcDriver(String className, String urlPrefix) {
    }
}
