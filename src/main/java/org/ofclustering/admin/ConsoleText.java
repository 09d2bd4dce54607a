package org.ofclustering.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The visible text of the pages, from {@code i18n/clustering_i18n*.properties} (the plugin class
 * loader has the plugin's {@code i18n} directory on its path, as Openfire arranges for every plugin).
 * Every message goes through {@link MessageFormat}, so an apostrophe is written {@code ''}.
 */
final class ConsoleText {
    static final String BUNDLE = "clustering_i18n";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleText.class);

    private final ResourceBundle bundle;
    private final Locale locale;

    ConsoleText(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, ConsoleText.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    Locale locale() {
        return locale;
    }

    /** The message, formatted, not escaped. A missing key shows as {@code ???key???} and is logged. */
    String text(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            LOG.warn("Clustering admin console text '{}' is missing for locale {}", key, locale);
            return "???" + key + "???";
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The message, formatted and HTML-escaped (arguments included). */
    String html(String key, Object... args) {
        return Html.escape(text(key, args));
    }

    /** The message if the bundle has the key, else the fallback; not escaped. */
    String textOr(String key, String fallback) {
        return bundle.containsKey(key) ? text(key) : fallback;
    }

    /** The message if the bundle has the key, else the fallback; escaped. */
    String htmlOr(String key, String fallback) {
        return Html.escape(textOr(key, fallback));
    }
}
