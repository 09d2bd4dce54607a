package org.ofclustering.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this plugin build, as the build wrote it; compared between nodes by membership. */
public final class PluginVersion {
    private static final String VERSION = read();

    private PluginVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = PluginVersion.class.getResourceAsStream("/org/ofclustering/clustering-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
