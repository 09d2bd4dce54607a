package org.ofclustering.admin;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.servlet.http.HttpServlet;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plugin.xml, web/WEB-INF/web.xml, the servlets and the bundles agree: what Openfire reads when it
 * loads the plugin leads to the pages, and every navigation text exists.
 */
class AdminConsoleWiringTest {
    private static final Pattern I18N_KEY = Pattern.compile("\\$\\{([^}]+)}");

    @Test
    void openfiresNodeLinkReachesTheNodePage() throws Exception {
        assertEquals(NodeDetailServlet.class.getName(), ConsoleTestServer.servletMappings().get("/" + NodeDetailServlet.URL));
        assertEquals("system-clustering-node.jsp", NodeDetailServlet.URL, "the URL Openfire's clustering page links to");
        assertEquals("system-clustering", NodeDetailServlet.PAGE_ID, "Openfire's Clustering item stays highlighted");
    }

    @Test
    void everyServletOfWebXmlIsAPlainServletOpenfireCanCreate() throws Exception {
        for (Map.Entry<String, String> m : ConsoleTestServer.servletMappings().entrySet()) {
            assertTrue(m.getKey().startsWith("/") && !m.getKey().contains("*"), "exact path: " + m.getKey());
            Class<?> type = Class.forName(m.getValue());
            assertTrue(HttpServlet.class.isAssignableFrom(type), m.getValue());
            assertNotNull(type.getConstructor(), "public no-argument constructor: " + m.getValue());
        }
    }

    @Test
    void everyAdminConsoleItemLeadsToAPageThatHighlightsIt() throws Exception {
        Document plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("plugin.xml").toFile());
        NodeList items = plugin.getElementsByTagName("item");
        assertEquals(2, items.getLength());
        Map<String, String> mappings = ConsoleTestServer.servletMappings();
        Map<String, String> pageIds = Map.of(ClusterStatusServlet.URL, ClusterStatusServlet.PAGE_ID,
                ClusterSettingsServlet.URL, ClusterSettingsServlet.PAGE_ID);
        Properties en = bundle("clustering_i18n.properties");
        Properties de = bundle("clustering_i18n_de.properties");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            String url = item.getAttribute("url");
            assertTrue(mappings.containsKey("/" + url), "web.xml maps " + url);
            assertEquals(item.getAttribute("id"), pageIds.get(url), "the page's pageID is its item id: " + url);
            for (String attribute : new String[]{"name", "description"}) {
                Matcher key = I18N_KEY.matcher(item.getAttribute(attribute));
                assertTrue(key.matches(), "navigation text comes from the bundle: " + item.getAttribute(attribute));
                assertTrue(en.containsKey(key.group(1)) && de.containsKey(key.group(1)), key.group(1));
            }
        }
        Element sidebar = (Element) items.item(0).getParentNode();
        assertEquals("sidebar-server-manager", sidebar.getAttribute("id"));
        assertEquals("tab-server", ((Element) sidebar.getParentNode()).getAttribute("id"));
        assertFalse(sidebar.hasAttribute("name"), "Openfire's sidebar keeps its own name");
    }

    @Test
    void openfiresGenericPluginCsrfCheckStaysOff() throws Exception {
        // The pages check their own token; Openfire's check would expect its own, renewed on every request.
        String xml = Files.readString(Path.of("plugin.xml"));
        assertFalse(xml.contains("<csrfProtectionEnabled>true"), "see CsrfToken");
    }

    private static Properties bundle(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("i18n", name))) {
            p.load(in);
        }
        return p;
    }
}
