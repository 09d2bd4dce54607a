package org.ofclustering.admin;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status and node pages rendered by a real servlet container from a sample status. */
class AdminPagesRenderingTest extends EmbeddedConsoleTest {
    static final String HOSTILE_HOST = "<script>alert(1)</script>";
    static final String HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private final SampleCluster cluster = new SampleCluster(HOSTILE_HOST);

    private void install(Locale locale) {
        ConsoleServices.install(new ConsoleServices(cluster,
                new MemorySettingsStore().with("clustering.name", "production")
                        .with("clustering.redis.password", "s3cr3t-Redis-pw")
                        .with("clustering.redis.database", "300"),
                () -> locale, () -> ZoneId.of("UTC")));
    }

    /** The link exactly as Openfire's system-clustering.jsp builds it. */
    static String openfireNodeLink(String nodeId) {
        String uid = Base64.getUrlEncoder().encodeToString(nodeId.getBytes(StandardCharsets.UTF_8));
        return "system-clustering-node.jsp?UID=" + URLEncoder.encode(uid, StandardCharsets.UTF_8);
    }

    @Test
    void statusPageShowsEveryPartOfTheCluster() throws Exception {
        install(Locale.ENGLISH);
        HttpResponse<String> r = browser.get(server.url("clustering-status.jsp"));
        assertEquals(200, r.statusCode());
        String page = r.body();
        assertTrue(page.contains(OpenfireLayoutStandIn.MARK), "decorated like an admin console page");
        assertTrue(page.contains("<meta name=\"pageID\" content=\"clustering-status\"/>"));
        for (String expected : new String[]{"Cluster Status", "production", "member of the cluster",
                "xmpp1.example.com", "xmpp2.example.com", "(this node)", "cluster epoch 41", "removed after 5 s",
                "redis://redis.example.com:6379", "0.38 ms", "1,234", "about 5.3 MiB, estimated from 50 sampled keys",
                "again at most every 30 s",
                "rabbit1.example.com:5672, rabbit2.example.com:5672", "yes, to rabbit1.example.com:5672",
                "ofc.production.node." + SampleCluster.SECOND_ID, "every node uses this database",
                "mysql://db.example.com/openfire#9c41", "xmpp1.example.com:7777", "700 MiB",
                "clustering.rabbitmq.connectTimeout", "lease expired after 5 s", "failed", "Nov 25, 2026"}) {
            assertTrue(page.contains(expected), "status page shows " + expected);
        }
        assertTrue(page.contains("href=\"" + openfireNodeLink(SampleCluster.SECOND_ID) + "\""), "nodes link to their node page");
        assertTrue(page.contains("data-fragment-url=\"clustering-status.jsp?fragment=true&amp;decorator=none\""));
        assertFalse(page.contains("???"), "every text comes from the bundle");
    }

    @Test
    void statusPageReportsInvalidSettingsAndHidesSecrets() throws Exception {
        install(Locale.ENGLISH);
        String page = browser.get(server.url("clustering-status.jsp")).body();
        assertTrue(page.contains("1 setting is invalid;"), page);
        assertTrue(page.contains("Invalid value &quot;300&quot;: expected a whole number from 0 to 255."));
        assertTrue(page.contains("set (hidden)"));
        assertFalse(page.contains("s3cr3t-Redis-pw"), "a secret never reaches the page");
    }

    @Test
    void fragmentIsTheBareStatusBodyAndChangesOnEveryRequest() throws Exception {
        install(Locale.ENGLISH);
        String first = browser.get(server.url(ClusterStatusServlet.FRAGMENT_URL)).body();
        String second = browser.get(server.url(ClusterStatusServlet.FRAGMENT_URL)).body();
        assertTrue(first.startsWith(StatusSections.FRAGMENT_MARK), first);
        assertFalse(first.contains("<html"), "no document around the fragment");
        assertFalse(first.contains(OpenfireLayoutStandIn.MARK), "decorator=none keeps the layout off");
        assertTrue(first.contains("xmpp2.example.com"));
        assertFalse(first.equals(second), "a fresh snapshot each time");
    }

    @Test
    void hostileHostNameIsEscapedEverywhere() throws Exception {
        install(Locale.ENGLISH);
        String status = browser.get(server.url("clustering-status.jsp")).body();
        String node = browser.get(server.url(openfireNodeLink(SampleCluster.THIRD_ID))).body();
        for (String page : new String[]{status, node}) {
            assertFalse(page.contains(HOSTILE_HOST), "raw markup from data must not appear");
            assertTrue(page.contains(HOSTILE_ESCAPED), "the host name is shown, escaped");
        }
        assertTrue(node.contains("Cache &lt;b&gt;of&lt;/b&gt; " + HOSTILE_ESCAPED));
    }

    @Test
    void nodePageAnswersOpenfiresLinkWithNodeAndCaches() throws Exception {
        install(Locale.ENGLISH);
        String link = openfireNodeLink(SampleCluster.SECOND_ID);
        assertTrue(link.contains("-") || link.contains("_"), "the test id uses the URL-safe alphabet: " + link);
        HttpResponse<String> r = browser.get(server.url(link));
        assertEquals(200, r.statusCode());
        String page = r.body();
        assertTrue(page.contains("<meta name=\"pageID\" content=\"system-clustering\"/>"),
                "highlights Openfire's Clustering item");
        for (String expected : new String[]{"Node xmpp2.example.com", SampleCluster.SECOND_ID, "910 ms",
                "250 MiB / 1 GiB (24.4%)", "Routing Users Cache", "15,230", "99.8%", "64 MiB", "6 h 0 min",
                "10,000 entries", "this node only", "unlimited", "Caches (3)", "../../system-clustering.jsp"}) {
            assertTrue(page.contains(expected), "node page shows " + expected);
        }
        assertFalse(page.contains("???"));
    }

    @Test
    void nodePageExplainsUnknownAndMalformedIds() throws Exception {
        install(Locale.ENGLISH);
        String gone = browser.get(server.url(openfireNodeLink("gone-node"))).body();
        assertTrue(gone.contains("Node gone-node is not a member of the cluster (any more)."), gone);
        String malformed = browser.get(server.url("system-clustering-node.jsp?UID=%25%25%25")).body();
        assertTrue(malformed.contains("The link does not name a cluster node"), malformed);
    }

    @Test
    void germanConsoleShowsGermanPages() throws Exception {
        install(Locale.GERMAN);
        String status = browser.get(server.url("clustering-status.jsp")).body();
        String node = browser.get(server.url(openfireNodeLink(SampleCluster.LOCAL_ID))).body();
        String settings = browser.get(server.url("clustering-settings.jsp")).body();
        for (String expected : new String[]{"Cluster-Status", "Mitgliedschaft", "Mitglied des Clusters",
                "alle Knoten nutzen diese Datenbank", "Dateiübertragungs-Proxy", "Letzte Cluster-Ereignisse",
                "ausgefallen", "eine ganze Zahl von 0 bis 255", "1.234"}) {
            assertTrue(status.contains(expected), "German status page shows " + expected);
        }
        assertTrue(node.contains("Ältestes Mitglied") && node.contains("Trefferquote") && node.contains("unbegrenzt"));
        assertTrue(settings.contains("Clusterweite Einstellungen") && settings.contains("Einstellungen speichern"));
        for (String page : new String[]{status, node, settings}) {
            assertFalse(page.contains("???"), "every German text is in the bundle");
            assertFalse(page.contains("Membership") || page.contains("Save settings") || page.contains("Hit rate"),
                    "no English text left");
        }
    }

    @Test
    void statusPageOfADisabledNodeSaysWhatIsNotKnown() throws Exception {
        ClusterStatusSource disabled = new ClusterStatusSource() {
            @Override
            public ClusterStatus status() {
                return new ClusterStatus(SampleCluster.NOW, "production", SampleCluster.LOCAL_ID, ClusterState.DISABLED,
                        java.util.List.of(), null, null, null, null, null, java.util.List.of());
            }

            @Override
            public java.util.Optional<NodeDetail> node(String nodeId) {
                return java.util.Optional.empty();
            }
        };
        ConsoleServices.install(new ConsoleServices(disabled, new MemorySettingsStore(), () -> Locale.ENGLISH,
                () -> ZoneId.of("UTC")));
        HttpResponse<String> r = browser.get(server.url("clustering-status.jsp"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("clustering disabled"));
        assertTrue(r.body().contains("No node is a member of the cluster."));
        assertEquals(4, r.body().split("Not known while clustering is not running on this node.", -1).length - 1,
                "Redis, RabbitMQ, database check and proxy are unknown: " + r.body());
        assertTrue(r.body().contains("No cluster event yet."));
    }

    @Test
    void pagesSayWhenThePluginHasNotInstalledItsServices() throws Exception {
        HttpResponse<String> r = browser.get(server.url("clustering-status.jsp"));
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("The clustering plugin is starting or stopping."), r.body());
    }
}
