package org.ofclustering.admin;

import org.eclipse.jetty.ee8.servlet.FilterHolder;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.servlet.DispatcherType;
import javax.servlet.Servlet;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The plugin's pages in an embedded Jetty (the servlet container Openfire runs its admin console
 * in), mounted as Openfire mounts them: every servlet of {@code web/WEB-INF/web.xml} at
 * {@code /plugins/clustering/<url-pattern>}, with a stand-in for Openfire's SiteMesh layout.
 */
final class ConsoleTestServer implements AutoCloseable {
    static final String PLUGIN_ROOT = "/plugins/clustering";
    private final Server server;
    private final int port;

    private ConsoleTestServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static ConsoleTestServer start() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new OpenfireLayoutStandIn()), "/*", EnumSet.of(DispatcherType.REQUEST));
        for (Map.Entry<String, String> mapping : servletMappings().entrySet()) {
            Class<? extends Servlet> type = Class.forName(mapping.getValue()).asSubclass(Servlet.class);
            context.addServlet(type, PLUGIN_ROOT + mapping.getKey());
        }
        server.setHandler(context.get());
        server.start();
        return new ConsoleTestServer(server, connector.getLocalPort());
    }

    /** url-pattern to servlet class, as declared in the plugin's web.xml. */
    static Map<String, String> servletMappings() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document doc = factory.newDocumentBuilder().parse(Path.of("web", "WEB-INF", "web.xml").toFile());
        Map<String, String> classes = new HashMap<>();
        NodeList servlets = doc.getElementsByTagName("servlet");
        for (int i = 0; i < servlets.getLength(); i++) {
            Element s = (Element) servlets.item(i);
            classes.put(text(s, "servlet-name"), text(s, "servlet-class"));
        }
        Map<String, String> mappings = new HashMap<>();
        NodeList maps = doc.getElementsByTagName("servlet-mapping");
        for (int i = 0; i < maps.getLength(); i++) {
            Element m = (Element) maps.item(i);
            mappings.put(text(m, "url-pattern"), classes.get(text(m, "servlet-name")));
        }
        return mappings;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    /** Absolute URL of a page of the plugin, e.g. {@code url("clustering-status.jsp")}. */
    String url(String page) {
        return "http://127.0.0.1:" + port + PLUGIN_ROOT + "/" + page;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
