package org.ofclustering.admin;

import org.junit.jupiter.api.Test;
import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingScope;
import org.ofclustering.membership.ClusterEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The English bundle and its German translation are complete and consistent with the settings. */
class ConsoleTextBundleTest {
    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("i18n", file))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void germanTranslatesEveryKeyAndNothingElse() throws IOException {
        Properties en = load("clustering_i18n.properties");
        Properties de = load("clustering_i18n_de.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(de.stringPropertyNames()));
        List<String> untranslated = new ArrayList<>();
        for (String key : en.stringPropertyNames()) {
            if (en.getProperty(key).equals(de.getProperty(key)) && en.getProperty(key).matches(".*\\b(the|is|of|and)\\b.*")) {
                untranslated.add(key);
            }
        }
        assertTrue(untranslated.isEmpty(), "English sentences left in the German bundle: " + untranslated);
    }

    @Test
    void everyMessageIsAValidPattern() throws IOException {
        for (String file : new String[]{"clustering_i18n.properties", "clustering_i18n_de.properties"}) {
            Properties p = load(file);
            for (String key : p.stringPropertyNames()) {
                String formatted = new MessageFormat(p.getProperty(key), Locale.ROOT).format(new Object[]{2L, 3L});
                assertTrue(!formatted.contains("{") || p.getProperty(key).contains("'{'"), file + " " + key + ": " + formatted);
            }
        }
    }

    @Test
    void everySettingIsDescribedAsTheConfigurationDescribesIt() throws IOException {
        Properties en = load("clustering_i18n.properties");
        for (Setting<?> s : ClusteringProperties.all()) {
            ConsoleText text = new ConsoleText(Locale.ENGLISH);
            assertEquals(s.description(), text.text("setting." + s.key() + ".description"), s.key());
            assertEquals(s.type().allowed(), text.text("setting." + s.key() + ".allowed"), s.key());
            assertTrue(en.containsKey("setting." + s.key() + ".allowed"));
        }
    }

    @Test
    void everyStateOutcomeKindAndScopeHasAText() throws IOException {
        Properties en = load("clustering_i18n.properties");
        List<String> keys = new ArrayList<>();
        for (ClusterState s : ClusterState.values()) {
            keys.add("state." + s.name().toLowerCase(Locale.ROOT));
        }
        for (DatabaseCheck.Outcome o : DatabaseCheck.Outcome.values()) {
            keys.add("database." + o.name().toLowerCase(Locale.ROOT));
        }
        for (ClusterEvent.Kind k : ClusterEvent.Kind.values()) {
            keys.add("event.kind." + k.name().toLowerCase(Locale.ROOT));
        }
        for (SettingScope s : SettingScope.values()) {
            keys.add("scope." + s.name().toLowerCase(Locale.ROOT));
        }
        for (String key : keys) {
            assertTrue(en.containsKey(key), key);
        }
    }

    @Test
    void languagesResolveWithoutFallingBackToTheJvmLocale() {
        assertEquals("ja", new ConsoleText(Locale.GERMAN).text("value.yes"));
        assertEquals("ja", new ConsoleText(Locale.GERMANY).text("value.yes"));
        assertEquals("yes", new ConsoleText(Locale.FRENCH).text("value.yes"));
        assertEquals("???no.such.key???", new ConsoleText(Locale.ENGLISH).text("no.such.key"));
    }
}
