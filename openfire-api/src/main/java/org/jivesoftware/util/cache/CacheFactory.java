// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util.cache;

public class CacheFactory {
    public static final int DEFAULT_MAX_CACHE_SIZE = 1024 * 256;
    public static final long DEFAULT_MAX_CACHE_LIFETIME = 21600000L;

    public static long getMaxCacheSize(String cacheName) {
        throw new UnsupportedOperationException();
    }

    public static long getMaxCacheLifetime(String cacheName) {
        throw new UnsupportedOperationException();
    }

    public static Cache[] getAllCaches() {
        throw new UnsupportedOperationException();
    }

    public static String getPluginName() {
        throw new UnsupportedOperationException();
    }

    public static boolean isClusteringAvailable() {
        throw new UnsupportedOperationException();
    }
}
