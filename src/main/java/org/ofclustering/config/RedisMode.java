package org.ofclustering.config;

/** How the Redis deployment is addressed. */
public enum RedisMode {
    /** One Redis server (or a managed endpoint that behaves like one). */
    STANDALONE,
    /** Redis Sentinel: the URIs are sentinels, {@link RedisSettings#sentinelMaster()} names the master set. */
    SENTINEL,
    /** Redis Cluster: the URIs are seed nodes. */
    CLUSTER
}
