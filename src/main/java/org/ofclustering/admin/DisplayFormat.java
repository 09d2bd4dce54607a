package org.ofclustering.admin;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * Numbers, sizes, durations and times as the pages print them, in the console's language and time
 * zone. Every method returns escaped HTML; unknown values (negative or null) print as a dash.
 */
final class DisplayFormat {
    private static final String UNKNOWN = "&ndash;";
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private final ConsoleText text;
    private final ZoneId zone;

    DisplayFormat(ConsoleText text, ZoneId zone) {
        this.text = text;
        this.zone = zone;
    }

    String count(long value) {
        return value < 0 ? UNKNOWN : Html.escape(NumberFormat.getIntegerInstance(text.locale()).format(value));
    }

    String bytes(long value) {
        if (value < 0) {
            return UNKNOWN;
        }
        double scaled = value;
        int unit = 0;
        while (scaled >= 1024 && unit < BYTE_UNITS.length - 1) {
            scaled /= 1024;
            unit++;
        }
        NumberFormat format = NumberFormat.getNumberInstance(text.locale());
        format.setMaximumFractionDigits(unit == 0 ? 0 : 1);
        return Html.escape(format.format(scaled) + " " + BYTE_UNITS[unit]);
    }

    String percent(double share) {
        if (share < 0) {
            return UNKNOWN;
        }
        NumberFormat format = NumberFormat.getPercentInstance(text.locale());
        format.setMaximumFractionDigits(1);
        return Html.escape(format.format(share));
    }

    String duration(Duration value) {
        if (value == null || value.isNegative()) {
            return UNKNOWN;
        }
        long millis = value.toMillis();
        if (millis < 10) {
            NumberFormat format = NumberFormat.getNumberInstance(text.locale());
            format.setMaximumFractionDigits(2);
            return Html.escape(format.format(value.toNanos() / 1_000_000.0) + " ms");
        }
        if (millis < 1000) {
            return Html.escape(millis + " ms");
        }
        if (millis < 60_000) {
            NumberFormat format = NumberFormat.getNumberInstance(text.locale());
            format.setMaximumFractionDigits(1);
            return Html.escape(format.format(millis / 1000.0) + " s");
        }
        if (millis < 3_600_000) {
            return Html.escape(value.toMinutes() + " min " + value.toSecondsPart() + " s");
        }
        return Html.escape(value.toHours() + " h " + value.toMinutesPart() + " min");
    }

    String millis(long value) {
        return value < 0 ? text.html("value.unlimited") : duration(Duration.ofMillis(value));
    }

    String time(Instant value) {
        if (value == null) {
            return UNKNOWN;
        }
        return Html.escape(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(text.locale())
                .withZone(zone).format(value));
    }

    String yesNo(boolean value) {
        return text.html(value ? "value.yes" : "value.no");
    }

    /** Escaped text, or a dash for null or empty text. */
    String plain(String value) {
        return value == null || value.isEmpty() ? UNKNOWN : Html.escape(value);
    }

    String memory(long used, long max) {
        if (used < 0) {
            return UNKNOWN;
        }
        if (max <= 0) {
            return bytes(used);
        }
        return bytes(used) + " / " + bytes(max) + " (" + percent((double) used / max) + ")";
    }
}
