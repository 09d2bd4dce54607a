/**
 * Typed, validated configuration of a cluster node. Everything here is plain Java: the Openfire
 * adapter reads the raw strings (database properties for cluster-wide settings, openfire.xml for
 * per-node settings) and {@link org.ofclustering.config.SettingsLoader} turns them into these
 * immutable records once, at start, or reports every bad value by property name.
 */
package org.ofclustering.config;
