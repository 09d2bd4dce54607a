package org.ofclustering.config;

/**
 * How the text of a setting becomes a typed value.
 *
 * @param <T> the typed value
 */
public interface SettingType<T> {
    /**
     * @throws IllegalArgumentException with a message saying what is allowed
     */
    T parse(String text);

    /** What is allowed, for error messages and documentation, e.g. "a whole number from 1 to 65535". */
    String allowed();
}
