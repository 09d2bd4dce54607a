package org.ofclustering.admin;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin pages need from the plugin. Openfire creates the page servlets itself (from
 * {@code web/WEB-INF/web.xml}, with their no-argument constructors), so the plugin hands these
 * services over with {@link #install} when it starts and takes them back with {@link #uninstall}
 * when it stops; until then the pages say that the plugin is starting.
 *
 * @param status   the live cluster status
 * @param settings the cluster-wide properties
 * @param locale   the admin console language (Openfire's {@code JiveGlobals.getLocale()})
 * @param zone     the admin console time zone (Openfire's {@code JiveGlobals.getTimeZone().toZoneId()})
 */
public record ConsoleServices(ClusterStatusSource status, SettingsStore settings, Supplier<Locale> locale,
                              Supplier<ZoneId> zone) {
    private static volatile ConsoleServices installed;

    public ConsoleServices {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(zone, "zone");
    }

    /** Makes the services available to the pages (replacing earlier ones). */
    public static void install(ConsoleServices services) {
        installed = Objects.requireNonNull(services, "services");
    }

    /** Withdraws the services; pages answer "not available" afterwards. */
    public static void uninstall() {
        installed = null;
    }

    /** The installed services, or null before {@link #install} and after {@link #uninstall}. */
    static ConsoleServices current() {
        return installed;
    }
}
