package org.ofclustering.openfire;

import org.jivesoftware.util.cache.CacheFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Openfire keeps the clustering strategy instance it created to answer "is clustering available?"
 * in a static field of {@link CacheFactory} until clustering stops. When this plugin is unloaded
 * without clustering having run, that instance would pin the old plugin class loader, and a newer
 * uploaded version would be served by the old classes. This drops the reference when, and only
 * when, it belongs to the class loader being unloaded.
 */
final class CachedStrategyRelease {
    private static final Logger Log = LoggerFactory.getLogger(CachedStrategyRelease.class);
    private static final String FIELD = "clusteredCacheFactoryStrategy";

    private CachedStrategyRelease() {
    }

    static void releaseIfOurs(ClassLoader pluginLoader) {
        try {
            Field field = CacheFactory.class.getDeclaredField(FIELD);
            field.setAccessible(true);
            synchronized (CacheFactory.class) {
                Object strategy = field.get(null);
                if (strategy != null && strategy.getClass().getClassLoader() == pluginLoader) {
                    field.set(null, null);
                    Log.debug("Released Openfire's cached clustering strategy of the unloaded plugin");
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warn("Could not release Openfire's cached clustering strategy ({}); restart Openfire after upgrading this plugin", e.toString());
        }
    }
}
