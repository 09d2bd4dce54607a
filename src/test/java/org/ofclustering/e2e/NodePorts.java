package org.ofclustering.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback ports of one Openfire node, all distinct so that several nodes (and several runs)
 * share one host. Ports are picked free by the operating system; a port could in principle be
 * taken by someone else between picking and binding, which then shows as a start failure naming it.
 *
 * @param client         XMPP client connections (STARTTLS), Openfire's 5222
 * @param clientTls      XMPP client connections with direct TLS, 5223
 * @param server         server-to-server, 5269
 * @param serverTls      server-to-server with direct TLS, 5270
 * @param component      external components, 5275
 * @param componentTls   external components with direct TLS, 5276
 * @param multiplex      connection managers, 5262
 * @param multiplexTls   connection managers with direct TLS, 5263
 * @param admin          admin console HTTP, 9090
 * @param adminTls       admin console HTTPS, 9091
 * @param httpBind       BOSH and websocket HTTP, 7070
 * @param httpBindTls    BOSH and websocket HTTPS, 7443
 * @param proxy          Openfire's built-in XEP-0065 SOCKS5 proxy, 7777
 * @param bridgeSocks    the plugin's cluster-aware SOCKS5 proxy on this node: the same port as
 *                       Openfire's, as with default settings (the plugin takes it over while clustered)
 * @param bridgeLink     the plugin's node-to-node link for file transfers
 */
public record NodePorts(int client, int clientTls, int server, int serverTls, int component, int componentTls,
                        int multiplex, int multiplexTls, int admin, int adminTls, int httpBind, int httpBindTls,
                        int proxy, int bridgeSocks, int bridgeLink) {

    /** Picks fifteen free loopback ports. */
    public static NodePorts allocate() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] p = new int[15];
            for (int i = 0; i < p.length; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                p[i] = s.getLocalPort();
            }
            return new NodePorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12],
                    p[12], p[14]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick free loopback ports", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release picked port " + s.getLocalPort(), e);
                }
            }
        }
    }

    /**
     * The listener ports that Openfire keeps as system properties in the (shared) database,
     * by property name as Openfire 5.x reads them.
     */
    public Map<String, String> databaseProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("xmpp.socket.plain.port", Integer.toString(client));
        m.put("xmpp.socket.ssl.port", Integer.toString(clientTls));
        m.put("xmpp.server.socket.port", Integer.toString(server));
        m.put("xmpp.server.socket.ssl.port", Integer.toString(serverTls));
        m.put("xmpp.component.socket.port", Integer.toString(component));
        m.put("xmpp.component.ssl.port", Integer.toString(componentTls));
        m.put("xmpp.multiplex.socket.port", Integer.toString(multiplex));
        m.put("xmpp.multiplex.ssl.port", Integer.toString(multiplexTls));
        m.put("httpbind.port.plain", Integer.toString(httpBind));
        m.put("httpbind.port.secure", Integer.toString(httpBindTls));
        m.put("xmpp.proxy.port", Integer.toString(proxy));
        return m;
    }
}
