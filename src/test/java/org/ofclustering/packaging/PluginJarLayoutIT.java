package org.ofclustering.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an administrator uploads: target/clustering.jar, laid out as Openfire's plugin manager expects. */
class PluginJarLayoutIT {
    private static Path jar;
    private static List<String> libEntries;
    private static List<String> classEntries;
    private static List<String> classesMentioningRelocatedTypes;

    @BeforeAll
    static void open() throws IOException {
        jar = Paths.get(System.getProperty("clustering.jar", "target/clustering.jar"));
        assertTrue(Files.isRegularFile(jar), "the build did not produce " + jar);
        libEntries = new ArrayList<>();
        classEntries = new ArrayList<>();
        classesMentioningRelocatedTypes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            readNested(zip, "lib/clustering-lib.jar", libEntries, null);
            readNested(zip, "lib/clustering-classes.jar", classEntries, classesMentioningRelocatedTypes);
        }
    }

    private static void readNested(ZipFile zip, String name, List<String> entries, List<String> mentioningRelocated) throws IOException {
        ZipEntry nested = zip.getEntry(name);
        assertNotNull(nested, "clustering.jar has no " + name);
        byte[] bytes = zip.getInputStream(nested).readAllBytes();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
                if (mentioningRelocated != null && e.getName().endsWith(".class")) {
                    String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (text.contains("io/netty/") || text.contains("reactor/core/") || text.contains("org/reactivestreams/")) {
                        mentioningRelocated.add(e.getName());
                    }
                }
            }
        }
    }

    @Test
    void fileNameIsTheCanonicalNameOpenfireLooksFor() {
        assertEquals("clustering.jar", jar.getFileName().toString());
    }

    @Test
    void descriptorNamesTheClassVersionsAndRequirements() throws IOException {
        String xml = read("plugin.xml");
        assertTrue(xml.contains("<class>org.ofclustering.openfire.ClusteringPlugin</class>"), xml);
        assertTrue(xml.contains("<minServerVersion>5.0.0</minServerVersion>"), xml);
        assertTrue(xml.contains("<minJavaVersion>17</minJavaVersion>"), xml);
        // ${admin.item...} keys are Openfire's own i18n placeholders; Maven's must all be filled in.
        assertFalse(xml.contains("${project.") || xml.contains("${plugin."), "unfiltered placeholder in plugin.xml: " + xml);
        assertTrue(xml.matches("(?s).*<version>\\d+\\.\\d+\\.\\d+[^<]*</version>.*"), xml);
        assertTrue(xml.matches("(?s).*<date>\\d{4}-\\d{2}-\\d{2}</date>.*"), xml);
    }

    @Test
    void documentationAndLogosAreAtTheTop() throws IOException {
        for (String name : List.of("readme.html", "changelog.html", "logo_small.png", "logo_large.png")) {
            assertFalse(read(name).isEmpty(), name + " is empty");
        }
    }

    @Test
    void theEntryPointIsShippedUnderOpenfiresDefaultStrategyName() {
        assertTrue(classEntries.contains("org/jivesoftware/openfire/plugin/util/cache/ClusteredCacheFactory.class"), "entry point missing");
        assertTrue(classEntries.contains("org/ofclustering/openfire/ClusteringPlugin.class"), "plugin class missing");
    }

    @Test
    void nothingOpenfireProvidesIsShipped() {
        List<String> offending = java.util.stream.Stream.concat(libEntries.stream(), classEntries.stream())
                .filter(n -> n.endsWith(".class"))
                .filter(n -> (n.startsWith("org/jivesoftware/") && !n.startsWith("org/jivesoftware/openfire/plugin/util/cache/ClusteredCacheFactory"))
                        || n.startsWith("org/xmpp/") || n.startsWith("org/dom4j/") || n.startsWith("org/slf4j/")
                        || n.startsWith("org/mariadb/") || n.startsWith("com/mysql/")
                        || n.startsWith("com/github/benmanes/caffeine/"))
                .toList();
        assertTrue(offending.isEmpty(), "shipped classes that Openfire provides: " + offending.subList(0, Math.min(10, offending.size())));
    }

    @Test
    void nettyAndReactorAreRelocatedSoOpenfiresNettyVersionDoesNotMatter() {
        assertTrue(libEntries.stream().noneMatch(n -> n.startsWith("io/netty/") && n.endsWith(".class")), "unrelocated Netty classes shipped");
        assertTrue(libEntries.stream().noneMatch(n -> n.startsWith("reactor/") && n.endsWith(".class")), "unrelocated Reactor classes shipped");
        assertTrue(libEntries.stream().anyMatch(n -> n.startsWith("org/ofclustering/shaded/netty/")), "relocated Netty missing");
        assertTrue(libEntries.stream().noneMatch(n -> n.startsWith("META-INF/native/")), "native Netty libraries shipped");
    }

    @Test
    void pluginClassesUseLettuceWithoutNamingItsRelocatedNettyOrReactorTypes() {
        // The plugin's own classes are not relocated; a Netty or Reactor type in one of their
        // signatures would not link against the relocated copy inside clustering-lib.jar.
        assertTrue(classesMentioningRelocatedTypes.isEmpty(),
                "plugin classes that mention Netty or Reactor types: " + classesMentioningRelocatedTypes);
    }

    private static String read(String entry) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            assertNotNull(e, "clustering.jar has no " + entry);
            try (InputStream in = zip.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
