package org.ofclustering.config;

/** One Redis host and port. */
public record RedisAddress(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
