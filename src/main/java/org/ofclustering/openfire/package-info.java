/**
 * The adapter between Openfire and the cluster engine: the plugin lifecycle, the
 * {@code CacheFactoryStrategy} and {@code Cache} implementations, the translation of membership
 * into Openfire's cluster events, and Openfire's properties. This is the only package (with
 * {@code admin}) that calls Openfire; everything else is tested without it.
 */
package org.ofclustering.openfire;
