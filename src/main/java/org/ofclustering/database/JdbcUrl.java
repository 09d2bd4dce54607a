package org.ofclustering.database;

import java.util.Locale;
import java.util.regex.Pattern;

/** What the shared-database check needs to know about a JDBC URL. */
public final class JdbcUrl {
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");
    private static final Pattern ORACLE_CREDENTIALS = Pattern.compile("^(jdbc:oracle:[a-z]+:)[^@]*@");

    private JdbcUrl() {
    }

    /**
     * True for a database that lives inside this node's JVM and so cannot be shared: HSQLDB in
     * file, memory or resource mode (Openfire's embedded database is {@code jdbc:hsqldb:<path>}),
     * H2 and Derby in embedded mode. HSQLDB, H2 and Derby servers reached over the network are not
     * embedded.
     */
    public static boolean isEmbedded(String url) {
        if (url == null) {
            return false;
        }
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:hsqldb:")) {
            String rest = u.substring("jdbc:hsqldb:".length());
            return !(rest.startsWith("hsql:") || rest.startsWith("hsqls:") || rest.startsWith("http:") || rest.startsWith("https:"));
        }
        if (u.startsWith("jdbc:h2:")) {
            String rest = u.substring("jdbc:h2:".length());
            return !(rest.startsWith("tcp:") || rest.startsWith("ssl:"));
        }
        if (u.startsWith("jdbc:derby:")) {
            return !u.startsWith("jdbc:derby://");
        }
        return false;
    }

    /**
     * The URL without credentials or parameters, safe for logs and the admin console:
     * {@code jdbc:mariadb://db.example.com:3306/openfire}.
     */
    public static String redacted(String url) {
        if (url == null) {
            return "(unknown URL)";
        }
        String u = url;
        int cut = indexOfAny(u, '?', ';');
        if (cut >= 0) {
            u = u.substring(0, cut);
        }
        u = USER_INFO.matcher(u).replaceFirst("//");
        u = ORACLE_CREDENTIALS.matcher(u).replaceFirst("$1@");
        return u;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
