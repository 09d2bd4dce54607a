// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util;

import java.nio.file.Path;

public class JiveGlobals {
    public static java.util.Locale getLocale() { throw new UnsupportedOperationException(); }
    public static java.util.TimeZone getTimeZone() { throw new UnsupportedOperationException(); }
    public static void deleteProperty(String name) { throw new UnsupportedOperationException(); }
    public static Path getHomePath() { throw new UnsupportedOperationException(); }
    public static String getXMLProperty(String name) { throw new UnsupportedOperationException(); }
    public static String getXMLProperty(String name, String defaultValue) { throw new UnsupportedOperationException(); }
    public static int getXMLProperty(String name, int defaultValue) { throw new UnsupportedOperationException(); }
    public static boolean getXMLProperty(String name, boolean defaultValue) { throw new UnsupportedOperationException(); }
    public static boolean setXMLProperty(String name, String value) { throw new UnsupportedOperationException(); }
    public static String getProperty(String name) { throw new UnsupportedOperationException(); }
    public static boolean getBooleanProperty(String name, boolean defaultValue) { throw new UnsupportedOperationException(); }
    public static int getIntProperty(String name, int defaultValue) { throw new UnsupportedOperationException(); }
    public static String getProperty(String name, String defaultValue) { throw new UnsupportedOperationException(); }
    public static void setProperty(String name, String value) { throw new UnsupportedOperationException(); }
    public static void setProperty(String name, String value, boolean encrypt) { throw new UnsupportedOperationException(); }
    public static boolean isPropertyEncrypted(String name) { throw new UnsupportedOperationException(); }
    public static boolean setPropertyEncrypted(String name, boolean encrypt) { throw new UnsupportedOperationException(); }
    public static Encryptor getPropertyEncryptor(boolean useNewEncryptor) { throw new UnsupportedOperationException(); }
    public static Encryptor getPropertyEncryptor() { throw new UnsupportedOperationException(); }
}
