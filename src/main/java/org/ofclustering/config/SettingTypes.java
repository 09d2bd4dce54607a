package org.ofclustering.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The setting types the plugin uses. Every parser rejects with a message naming what is allowed. */
public final class SettingTypes {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]|[0-9A-Fa-f:]+");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    private SettingTypes() {
    }

    public static SettingType<String> text(String pattern, String allowed) {
        Pattern p = Pattern.compile(pattern);
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                if (!p.matcher(text).matches()) {
                    throw new IllegalArgumentException(allowed);
                }
                return text;
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    public static SettingType<String> anyText() {
        return text("(?s).*", "any text");
    }

    public static SettingType<Boolean> bool() {
        return new SettingType<>() {
            @Override
            public Boolean parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true")) {
                    return true;
                }
                if (t.equals("false")) {
                    return false;
                }
                throw new IllegalArgumentException(allowed());
            }

            @Override
            public String allowed() {
                return "true or false";
            }
        };
    }

    public static SettingType<Integer> integer(int min, int max) {
        return new SettingType<>() {
            @Override
            public Integer parse(String text) {
                try {
                    int v = Integer.parseInt(text.trim());
                    if (v >= min && v <= max) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // reported below with the allowed range
                }
                throw new IllegalArgumentException(allowed());
            }

            @Override
            public String allowed() {
                return "a whole number from " + min + " to " + max;
            }
        };
    }

    /** A duration written as a number with an optional unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}; no unit means milliseconds. */
    public static SettingType<Duration> duration(Duration min, Duration max) {
        return new SettingType<>() {
            @Override
            public Duration parse(String text) {
                var m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "ms" : m.group(2);
                    Duration d = switch (unit) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofMillis(n);
                    };
                    if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                        return d;
                    }
                }
                throw new IllegalArgumentException(allowed());
            }

            @Override
            public String allowed() {
                return "a duration from " + format(min) + " to " + format(max) + " (e.g. 500ms, 5s, 2m)";
            }
        };
    }

    /** A duration as the settings write it: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public static String format(Duration d) {
        if (d.toMillis() % 3_600_000 == 0 && d.toMillis() > 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0 && d.toMillis() > 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0 && d.toMillis() > 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
        String names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new SettingType<>() {
            @Override
            public E parse(String text) {
                for (E e : type.getEnumConstants()) {
                    if (e.name().equalsIgnoreCase(text.trim())) {
                        return e;
                    }
                }
                throw new IllegalArgumentException(allowed());
            }

            @Override
            public String allowed() {
                return "one of " + names;
            }
        };
    }

    /** A host name or IP address (no port). */
    public static SettingType<String> host() {
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                String t = text.trim();
                if (!HOST.matcher(t).matches()) {
                    throw new IllegalArgumentException(allowed());
                }
                return t;
            }

            @Override
            public String allowed() {
                return "a host name or IP address";
            }
        };
    }

    /** A comma-separated list of names (e.g. cache names); blanks around commas are ignored. */
    public static SettingType<List<String>> names() {
        return list(name -> true, "a comma-separated list of names");
    }

    /** A comma-separated list of {@code host:port} (port required). */
    public static SettingType<List<String>> hostPorts() {
        Pattern hostPort = Pattern.compile("(" + HOST.pattern() + "):(\\d{1,5})");
        return list(p -> {
            var m = hostPort.matcher(p);
            if (!m.matches()) {
                return false;
            }
            int port = Integer.parseInt(m.group(m.groupCount()));
            return port >= 1 && port <= 65535;
        }, "a comma-separated list of host:port");
    }

    /** A comma-separated list of Java package prefixes, e.g. {@code com.example.,org.acme.Thing}. */
    public static SettingType<List<String>> packagePrefixes() {
        Pattern prefix = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?");
        return list(p -> prefix.matcher(p).matches(), "a comma-separated list of package prefixes ending in '.' or class names");
    }

    /** A comma-separated list of text elements, each checked by {@code valid}. */
    private static SettingType<List<String>> list(java.util.function.Predicate<String> valid, String allowed) {
        return new SettingType<>() {
            @Override
            public List<String> parse(String text) {
                return commaSeparated(text, p -> {
                    if (!valid.test(p)) {
                        throw new IllegalArgumentException(allowed);
                    }
                    return p;
                });
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    /** The non-blank, trimmed elements of a comma-separated text, each turned into a value (or refused by an exception). */
    private static <T> List<T> commaSeparated(String text, java.util.function.Function<String, T> element) {
        List<T> result = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                result.add(element.apply(p));
            }
        }
        return List.copyOf(result);
    }

    /**
     * Redis addresses: a comma-separated list of {@code redis://host:port}, {@code rediss://host:port}
     * (TLS) or {@code host:port}. Credentials in a URI are refused: they belong in the encrypted
     * password property.
     */
    public static SettingType<List<RedisAddress>> redisAddresses() {
        return addresses(List.of("redis", "rediss"), 6379, RedisAddress::new,
                "a comma-separated list of redis://host:port, rediss://host:port or host:port, without credentials");
    }

    /** RabbitMQ addresses: a comma-separated list of {@code host:port} (or {@code amqp://host:port}, {@code amqps://host:port}). */
    public static SettingType<List<BrokerAddress>> brokerAddresses() {
        return addresses(List.of("amqp", "amqps"), 5672, BrokerAddress::new,
                "a comma-separated list of host:port, amqp://host:port or amqps://host:port, without credentials");
    }

    private static <A> SettingType<List<A>> addresses(List<String> schemes, int defaultPort,
                                                      java.util.function.BiFunction<String, Integer, A> address, String allowed) {
        return new SettingType<>() {
            @Override
            public List<A> parse(String text) {
                List<A> result = commaSeparated(text, p -> {
                    HostPort hp = hostPort(p, schemes, defaultPort, allowed);
                    return address.apply(hp.host, hp.port);
                });
                if (result.isEmpty()) {
                    throw new IllegalArgumentException(allowed);
                }
                return result;
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    /** True when any address of the text uses a TLS scheme (rediss:// or amqps://). */
    public static boolean mentionsTlsScheme(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("rediss://") || t.contains("amqps://");
    }

    private record HostPort(String host, int port) {
    }

    private static HostPort hostPort(String text, List<String> schemes, int defaultPort, String allowed) {
        String withScheme = text.contains("://") ? text : "x-plain://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(allowed);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("x-plain") && !schemes.contains(scheme)) {
            throw new IllegalArgumentException(allowed);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(allowed + " (put the user and password in their own properties)");
        }
        if (uri.getHost() == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException(allowed);
        }
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(allowed);
        }
        return new HostPort(uri.getHost(), port);
    }
}
