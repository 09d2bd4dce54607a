package org.ofclustering.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser session on one node's admin console, logged in as {@code admin}, that reads pages
 * and submits forms with Openfire's CSRF token (the {@code csrf} cookie each page sets, echoed
 * as a form field).
 */
public final class AdminConsole {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final OpenfireNode node;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    private AdminConsole(OpenfireNode node) {
        this.node = node;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Logs in as admin; fails when the console does not accept the credentials. */
    public static AdminConsole login(OpenfireNode node, String password) throws IOException, InterruptedException {
        AdminConsole console = new AdminConsole(node);
        console.get("login.jsp");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("url", "/index.jsp");
        form.put("login", "true");
        form.put("csrf", console.csrf());
        form.put("username", "admin");
        form.put("password", password);
        String page = console.post("login.jsp", form);
        if (page.contains("name=\"loginForm\"")) {
            throw new AssertionError("admin console of " + node.name() + " refused the admin login");
        }
        return console;
    }

    /** GETs a page (path relative to the console root) and returns its HTML; fails on a non-200 status. */
    public String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.adminConsoleUrl() + path)).timeout(TIMEOUT).GET().build();
        return body(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** POSTs a form and returns the resulting page. */
    String post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.adminConsoleUrl() + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
        return body(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private String body(String path, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("admin console of " + node.name() + " answered " + response.statusCode() + " for " + path);
        }
        return response.body();
    }

    /** The CSRF token of the page loaded last. */
    String csrf() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("csrf"))
                .map(HttpCookie::getValue)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("admin console of " + node.name() + " set no csrf cookie"));
    }

    /** Flips "Enable clustering" on Openfire's clustering page (the page waits up to 30 s for the join or leave). */
    String setClustering(boolean enabled) throws IOException, InterruptedException {
        get("system-clustering.jsp");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf());
        form.put("clusteringEnabled", Boolean.toString(enabled));
        form.put("update", "Save Settings");
        return post("system-clustering.jsp", form);
    }
}
