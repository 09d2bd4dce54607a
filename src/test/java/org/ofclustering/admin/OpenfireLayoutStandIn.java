package org.ofclustering.admin;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small imitation of what Openfire's SiteMesh decorator does to a plugin page: the page's title,
 * head and body are placed into the console's header, tabs and sidebar, and the sidebar item named
 * by the page's {@code pageID} meta tag is highlighted. A request with {@code decorator=none} is
 * left alone, as in Openfire. Only for tests and screenshots; the real layout comes from Openfire.
 */
final class OpenfireLayoutStandIn implements Filter {
    static final String MARK = "<!-- openfire layout stand-in -->";
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    private static final Pattern HEAD = Pattern.compile("<head>(.*?)</head>", Pattern.DOTALL);
    private static final Pattern BODY = Pattern.compile("<body>(.*)</body>", Pattern.DOTALL);
    private static final Pattern PAGE_ID = Pattern.compile("<meta name=\"pageID\" content=\"([^\"]*)\"");
    private static final String[][] SIDEBAR = {
            {"server-settings", "Server Information", "../../index.jsp"},
            {"server-props", "System Properties", "../../server-properties.jsp"},
            {"system-clustering", "Clustering", "../../system-clustering.jsp"},
            {"system-cache", "Cache Summary", "../../system-cache.jsp"},
            {"server-db", "Database", "../../server-db.jsp"},
            {"server-logs", "Logs", "../../logviewer.jsp"},
            {"clustering-status", "Cluster Status", "clustering-status.jsp"},
            {"clustering-settings", "Cluster Settings", "clustering-settings.jsp"},
    };
    private static final String STYLE = """
            body { font-family: Arial, Helvetica, sans-serif; font-size: 13px; margin: 0; color: #222; }
            #jive-header { background: #2a2a2a; color: #fff; padding: 10px 16px; }
            #jive-header .logo { font-size: 20px; font-weight: bold; }
            #jive-nav a { color: #ddd; margin-right: 18px; text-decoration: none; }
            #jive-nav a.current { color: #fff; border-bottom: 3px solid #e07b00; }
            #jive-sidebar { width: 190px; vertical-align: top; background: #f2f2f2; padding: 10px; }
            #jive-sidebar .category { font-weight: bold; margin: 4px 0 8px; }
            #jive-sidebar a { display: block; padding: 3px 4px; color: #235; text-decoration: none; }
            #jive-sidebar a.current { background: #fff3d9; font-weight: bold; }
            #jive-content { padding: 6px 18px; vertical-align: top; }
            .jive-contentBoxHeader { font-weight: bold; background: #eee; border: 1px solid #ccc; border-bottom: none; padding: 5px 8px; }
            .jive-contentBox { border: 1px solid #ccc; padding: 8px 10px; }
            .jive-success, .jive-error, .jive-info, .jive-warning { border: 1px solid; padding: 4px 8px; }
            .jive-success { background: #e8f6e8; border-color: #6a6; }
            .jive-error { background: #fbe9e9; border-color: #c66; }
            .jive-info, .jive-warning { background: #fff8e1; border-color: #db6; }
            """;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if ("none".equals(request.getParameter("decorator"))) {
            chain.doFilter(req, res);
            return;
        }
        CharArrayWriter buffer = new CharArrayWriter();
        HttpServletResponseWrapper capture = new HttpServletResponseWrapper(response) {
            private final PrintWriter writer = new PrintWriter(buffer);

            @Override
            public PrintWriter getWriter() {
                return writer;
            }
        };
        chain.doFilter(req, capture);
        capture.getWriter().flush();
        String page = buffer.toString();
        String type = response.getContentType();
        if (response.isCommitted() || type == null || !type.startsWith("text/html") || !page.contains("<body>")) {
            response.getWriter().write(page);
            return;
        }
        response.getWriter().write(decorate(page));
    }

    private static String decorate(String page) {
        String title = group(TITLE, page);
        String pageId = group(PAGE_ID, page);
        StringBuilder out = new StringBuilder(page.length() + 4096);
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\">").append(MARK)
                .append("<title>Openfire Admin Console: ").append(title).append("</title>\n<style>").append(STYLE)
                .append("</style>\n").append(group(HEAD, page).replaceFirst("(?s)<title>.*?</title>", ""))
                .append("</head>\n<body>\n<div id=\"jive-header\"><div class=\"logo\">Openfire</div><div id=\"jive-nav\">")
                .append("<a class=\"current\" href=\"#\">Server</a><a href=\"#\">Users/Groups</a><a href=\"#\">Sessions</a>")
                .append("<a href=\"#\">Group Chat</a><a href=\"#\">Plugins</a></div></div>\n")
                .append("<table style=\"width:100%\"><tr><td id=\"jive-sidebar\"><div class=\"category\">Server Manager</div>");
        for (String[] item : SIDEBAR) {
            out.append("<a href=\"").append(item[2]).append("\"").append(item[0].equals(pageId) ? " class=\"current\"" : "")
                    .append(">").append(item[1]).append("</a>");
        }
        out.append("</td><td id=\"jive-content\"><h1>").append(title).append("</h1>\n")
                .append(group(BODY, page)).append("</td></tr></table>\n</body></html>\n");
        return out.toString();
    }

    private static String group(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        return m.find() ? m.group(1) : "";
    }
}
