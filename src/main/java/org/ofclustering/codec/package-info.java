/**
 * Turning cache keys, cache values and cluster tasks into bytes and back: Java serialization
 * ({@code Serializable} and {@code Externalizable}), with classes resolved through Openfire's and
 * every plugin's class loader and restricted to an allow-list of packages.
 */
package org.ofclustering.codec;
