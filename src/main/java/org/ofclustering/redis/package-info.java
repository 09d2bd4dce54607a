/**
 * Connections to Redis: one {@link org.ofclustering.redis.RedisConnector} per node, for standalone,
 * Sentinel and Redis Cluster deployments, with TLS and ACL users, and the key layout shared by
 * every Redis-backed capability ({@link org.ofclustering.redis.KeySpace}).
 */
package org.ofclustering.redis;
