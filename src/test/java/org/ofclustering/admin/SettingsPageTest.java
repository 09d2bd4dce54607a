package org.ofclustering.admin;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings page in a real servlet container: validation, secrets and CSRF protection. */
class SettingsPageTest extends EmbeddedConsoleTest {
    private static final String SECRET = "s3cr3t-Redis-pw";
    private MemorySettingsStore store;

    @BeforeEach
    void install() {
        store = new MemorySettingsStore().with("clustering.name", "production")
                .with("clustering.redis.password", SECRET)
                .with("clustering.redis.addresses", "redis://10.0.0.5:6379");
        ConsoleServices.install(new ConsoleServices(new SampleCluster("xmpp3.example.com"), store,
                () -> Locale.ENGLISH, () -> ZoneId.of("UTC")));
    }

    private String url() {
        return server.url(ClusterSettingsServlet.URL);
    }

    /** The form as a browser would send it back unchanged, with the given fields replaced. */
    private Map<String, String> form(String page, Map<String, String> changes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", ConsoleBrowser.csrfToken(page));
        for (String key : new String[]{"clustering.name", "clustering.redis.addresses", "clustering.redis.database",
                "clustering.redis.timeout", "clustering.redis.password"}) {
            form.put(key, store.value(key) == null || key.endsWith("password") ? "" : store.value(key));
        }
        form.putAll(changes);
        form.put("save", "Save settings");
        return form;
    }

    @Test
    void formShowsEveryClusterSettingButNeverASecret() throws Exception {
        HttpResponse<String> r = browser.get(url());
        assertEquals(200, r.statusCode());
        String page = r.body();
        assertTrue(page.contains("<meta name=\"pageID\" content=\"clustering-settings\"/>"));
        assertTrue(page.contains("name=\"clustering.redis.addresses\" value=\"redis://10.0.0.5:6379\""));
        assertTrue(page.contains("name=\"clustering.rabbitmq.connectTimeout\" value=\"\" placeholder=\"5s\""));
        assertTrue(page.contains("type=\"password\" id=\"ofc-clustering-redis-password\" name=\"clustering.redis.password\" value=\"\""));
        assertTrue(page.contains("set (hidden)"));
        assertTrue(page.contains("clustering.node.host"), "per-node settings are listed read-only");
        assertFalse(page.contains("name=\"clustering.node.host\""), "per-node settings are not editable here");
        assertFalse(page.contains(SECRET));
        assertFalse(page.contains("???"));
    }

    @Test
    void postWithoutTokenIsRefusedAndSavesNothing() throws Exception {
        String page = browser.get(url()).body();
        Map<String, String> form = form(page, Map.of("clustering.name", "attacker"));
        form.remove("csrf");
        HttpResponse<String> r = browser.post(url(), form);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("Nothing was saved: the form was not sent from this page"), r.body());
        assertTrue(store.saves().isEmpty());
        assertEquals("production", store.value("clustering.name"));
    }

    @Test
    void tokenOfAnotherSessionIsRefused() throws Exception {
        String page = browser.get(url()).body();
        ConsoleBrowser other = new ConsoleBrowser();
        other.get(url());
        HttpResponse<String> r = other.post(url(), form(page, Map.of("clustering.name", "attacker")));
        assertEquals(403, r.statusCode());
        assertTrue(store.saves().isEmpty());
    }

    @Test
    void invalidValuesAreReportedPerPropertyAndNothingIsSaved() throws Exception {
        String page = browser.get(url()).body();
        HttpResponse<String> r = browser.post(url(), form(page, Map.of(
                "clustering.redis.database", "999",
                "clustering.redis.timeout", "forever",
                "clustering.name", "new-name")));
        assertEquals(200, r.statusCode());
        String result = r.body();
        assertTrue(result.contains("Nothing was saved: 2 settings are invalid."), result);
        assertTrue(result.contains("Invalid value &quot;999&quot;: expected a whole number from 0 to 255."));
        assertTrue(result.contains("Invalid value &quot;forever&quot;: expected a duration from 100ms to 1m"));
        assertTrue(result.contains("name=\"clustering.redis.database\" value=\"999\""), "the rejected text is shown again");
        assertTrue(store.saves().isEmpty());
        assertEquals("production", store.value("clustering.name"), "valid fields of a rejected form are not saved either");
        assertFalse(result.contains(SECRET));
    }

    @Test
    void validChangesAreSavedAndAnEmptySecretFieldKeepsTheSecret() throws Exception {
        String page = browser.get(url()).body();
        HttpResponse<String> r = browser.post(url(), form(page, Map.of(
                "clustering.name", "staging",
                "clustering.redis.addresses", "",
                "clustering.redis.database", "3")));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("3 settings saved."), r.body());
        List<List<SettingChange>> saves = store.saves();
        assertEquals(1, saves.size());
        assertEquals(List.of("clustering.name=staging", "clustering.redis.addresses=null", "clustering.redis.database=3"),
                saves.get(0).stream().map(c -> c.setting().key() + "=" + c.newValue()).sorted().toList());
        assertEquals(SECRET, store.value("clustering.redis.password"), "an empty secret field leaves the secret alone");
        assertFalse(r.body().contains(SECRET));
    }

    @Test
    void aNewSecretIsSavedAndTheClearBoxRemovesIt() throws Exception {
        String page = browser.get(url()).body();
        browser.post(url(), form(page, Map.of("clustering.redis.password", "n3w-Secret")));
        assertEquals("n3w-Secret", store.value("clustering.redis.password"));
        String after = browser.get(url()).body();
        assertFalse(after.contains("n3w-Secret"));
        browser.post(url(), form(after, Map.of("clear.clustering.redis.password", "on")));
        assertNull(store.value("clustering.redis.password"));
        assertTrue(browser.get(url()).body().contains("name=\"clustering.redis.password\" value=\"\" autocomplete=\"new-password\"/> <span class=\"ofc-muted\">not set"));
    }

    @Test
    void theSentinelPasswordIsASecretLikeTheRedisPassword() throws Exception {
        store.with("clustering.redis.sentinelPassword", "s3ntinel-Pw");
        String page = browser.get(url()).body();
        assertTrue(page.contains("type=\"password\" id=\"ofc-clustering-redis-sentinelPassword\" name=\"clustering.redis.sentinelPassword\" value=\"\""
                + " autocomplete=\"new-password\"/> <span class=\"ofc-muted\">set (hidden)"), "shown as set, never its value");
        assertFalse(page.contains("s3ntinel-Pw"));

        browser.post(url(), form(page, Map.of("clustering.name", "staging")));
        assertEquals("s3ntinel-Pw", store.value("clustering.redis.sentinelPassword"), "an empty field leaves it alone");
        browser.post(url(), form(browser.get(url()).body(), Map.of("clustering.redis.sentinelPassword", "n3w-Sentinel-Pw")));
        assertEquals("n3w-Sentinel-Pw", store.value("clustering.redis.sentinelPassword"));
        assertFalse(browser.get(url()).body().contains("n3w-Sentinel-Pw"));
    }

    @Test
    void anUnchangedFormSavesNothing() throws Exception {
        String page = browser.get(url()).body();
        HttpResponse<String> r = browser.post(url(), form(page, Map.of()));
        assertTrue(r.body().contains("Nothing changed; nothing was saved."), r.body());
        assertTrue(store.saves().isEmpty());
    }

    @Test
    void aRefusingStoreIsReported() throws Exception {
        ConsoleServices.install(new ConsoleServices(new SampleCluster("x"), new MemorySettingsStore() {
            @Override
            public synchronized void save(List<SettingChange> changes) {
                throw new IllegalStateException("database is read-only");
            }
        }, () -> Locale.ENGLISH, () -> ZoneId.of("UTC")));
        String page = browser.get(url()).body();
        HttpResponse<String> r = browser.post(url(), Map.of("csrf", ConsoleBrowser.csrfToken(page), "clustering.name", "x1"));
        assertTrue(r.body().contains("The settings could not be saved: database is read-only"), r.body());
    }
}
