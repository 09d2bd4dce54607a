/**
 * The plugin's pages in Openfire's admin console: the node page that Openfire's clustering page
 * links to, the cluster status page and the settings page. The pages are plain servlets registered
 * through the plugin's {@code web/WEB-INF/web.xml}; they read a {@link org.ofclustering.admin.ClusterStatus}
 * from a {@link org.ofclustering.admin.ClusterStatusSource} and save settings through a
 * {@link org.ofclustering.admin.SettingsStore}, so they render without Openfire (tests run them in an
 * embedded servlet container). No {@code org.jivesoftware} type is used here.
 */
package org.ofclustering.admin;
