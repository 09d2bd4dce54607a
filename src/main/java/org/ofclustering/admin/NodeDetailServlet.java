package org.ofclustering.admin;

import java.util.Optional;

/**
 * {@code system-clustering-node.jsp?UID=...}: the page Openfire's clustering page links each node
 * to (the URL is fixed by Openfire, hence the {@code .jsp} name of a servlet). Shows the node and a
 * table of every cache it holds.
 */
public class NodeDetailServlet extends ConsolePageServlet {
    static final String URL = "system-clustering-node.jsp";
    static final String PAGE_ID = "system-clustering";

    @Override
    String pageId() {
        return PAGE_ID;
    }

    @Override
    String renderGet(PageRequest page) {
        ConsoleText text = page.text();
        String uid = page.request().getParameter("UID");
        Optional<String> nodeId = NodeUid.decode(uid);
        Optional<NodeDetail> detail = nodeId.flatMap(id -> page.services().status().node(id));
        PageDocument doc = new PageDocument(text.html("node.title"), PAGE_ID, ConsoleStyle.TABLES);
        doc.append("<p><a href=\"../../system-clustering.jsp\">").append(text.html("node.back")).append("</a> | ")
                .append("<a href=\"").append(ClusterStatusServlet.URL).append("\">")
                .append(text.html("node.status-link")).append("</a></p>\n");
        if (detail.isEmpty()) {
            String key = nodeId.isEmpty() ? "node.invalid-uid" : "node.unknown";
            return doc.infoBox("warning", text.html(key, nodeId.orElse(uid == null ? "" : uid))).finish();
        }
        appendNode(doc, page, detail.get().node());
        appendCaches(doc, page, detail.get());
        return doc.finish();
    }

    private static void appendNode(PageDocument doc, PageRequest page, NodeStatus node) {
        ConsoleText text = page.text();
        DisplayFormat f = page.format();
        doc.append("<div class=\"jive-contentBoxHeader\">").append(text.html("node.heading", node.hostName()))
                .append("</div>\n<div class=\"jive-contentBox\">\n<table class=\"ofc-facts\"><tbody>\n");
        row(doc, text.html("node.host"), Html.escape(node.hostName()));
        row(doc, text.html("node.id"), "<code>" + Html.escape(node.nodeId()) + "</code>");
        row(doc, text.html("node.joined"), f.time(node.joinedAt()));
        row(doc, text.html("node.senior"), f.yesNo(node.senior()));
        row(doc, text.html("node.local"), f.yesNo(node.local()));
        row(doc, text.html("node.lease-age"), f.duration(node.leaseAge()));
        row(doc, text.html("node.memory"), f.memory(node.heapUsedBytes(), node.heapMaxBytes()));
        row(doc, text.html("node.tasks-in-flight"), f.count(node.tasksInFlight()));
        row(doc, text.html("node.queue-depth"), f.count(node.queueDepth()));
        doc.append("</tbody></table>\n</div>\n<br/>\n");
    }

    private static void row(PageDocument doc, String escapedLabel, String value) {
        doc.append("<tr><th>").append(escapedLabel).append("</th><td>").append(value).append("</td></tr>\n");
    }

    private static void appendCaches(PageDocument doc, PageRequest page, NodeDetail detail) {
        ConsoleText text = page.text();
        DisplayFormat f = page.format();
        doc.append("<div class=\"jive-contentBoxHeader\">").append(text.html("node.caches", detail.caches().size()))
                .append("</div>\n<div class=\"jive-contentBox\">\n");
        if (detail.caches().isEmpty()) {
            doc.append("<p>").append(text.html("node.caches.none")).append("</p>\n</div>\n");
            return;
        }
        doc.append(TableMarkup.head(text, "caches", "cache.name", "cache.kind", "#cache.entries", "#cache.size",
                "#cache.hit-rate", "#cache.max-size", "#cache.max-lifetime"));
        for (CacheStatus c : detail.caches()) {
            String limit = c.maxSize() < 0 ? text.html("value.unlimited")
                    : c.maxSizeUnit() == CacheStatus.SizeUnit.BYTES ? f.bytes(c.maxSize())
                    : text.html("cache.entries-limit", c.maxSize());
            doc.append(TableMarkup.row(TableMarkup.cell(Html.escape(c.name())),
                    TableMarkup.cell(text.html(c.clustered() ? "cache.clustered" : "cache.local")),
                    TableMarkup.number(f.count(c.entries())), TableMarkup.number(f.bytes(c.sizeBytes())),
                    TableMarkup.number(f.percent(c.hitRate())), TableMarkup.number(limit),
                    TableMarkup.number(f.millis(c.maxLifetimeMillis()))));
        }
        doc.append(TableMarkup.END).append("</div>\n");
    }
}
