/**
 * Clustered caches on Redis: {@link org.ofclustering.cache.ClusteredCaches} opens
 * {@link org.ofclustering.cache.ClusteredMap}s (one Redis hash per cache, atomic Map semantics via
 * Lua, lifetime and size limits, entry events through one Redis stream per cache, optional near
 * cache), and {@link org.ofclustering.cache.LocalCacheStore} keeps the caches that must stay on
 * one node.
 */
package org.ofclustering.cache;
