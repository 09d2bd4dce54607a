package org.ofclustering.config;

/**
 * A setting whose value is not allowed. The message names the property, the value (masked for
 * secrets) and what is allowed, ready for one log line.
 */
public record SettingProblem(String key, String value, String allowed) {
    public String message() {
        return "Clustering setting '" + key + "' has invalid value '" + value + "': expected " + allowed;
    }
}
