/**
 * The XMPP face of the file-transfer bridge: the XEP-0065 proxy component built on Tinder's
 * component API, registered with Openfire by the adapter layer.
 */
package org.ofclustering.bridge.xmpp;
