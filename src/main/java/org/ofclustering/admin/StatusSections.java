package org.ofclustering.admin;

import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.membership.ClusterEvent;
import org.ofclustering.membership.MembershipStatus;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The body of the status page: one box per part of the cluster. The page embeds it once and its
 * script replaces it with a fresh copy from the fragment URL, so both come from this class.
 */
final class StatusSections {
    /** First text of every fragment; the refresh script checks for it (a login page has none). */
    static final String FRAGMENT_MARK = "<!--ofc-status-fragment-->";

    private final PageRequest page;
    private final ConsoleText text;
    private final DisplayFormat f;
    private final StringBuilder out = new StringBuilder(8192);

    private StatusSections(PageRequest page) {
        this.page = page;
        this.text = page.text();
        this.f = page.format();
    }

    static String render(PageRequest page, ClusterStatus status) {
        return new StatusSections(page).all(status);
    }

    private String all(ClusterStatus s) {
        out.append(FRAGMENT_MARK).append('\n');
        overview(s);
        nodes(s);
        redis(s.redis());
        rabbit(s.rabbit());
        database(s.database());
        proxy(s.proxy());
        configuration();
        events(s.recentEvents());
        return out.toString();
    }

    private void open(String id, String escapedHeading) {
        out.append("<div class=\"jive-contentBoxHeader\" id=\"ofc-").append(id).append("\">").append(escapedHeading)
                .append("</div>\n<div class=\"jive-contentBox\">\n");
    }

    private void close() {
        out.append("</div>\n<br/>\n");
    }

    private void fact(String labelKey, String value) {
        out.append("<tr><th>").append(text.html(labelKey)).append("</th><td>").append(value).append("</td></tr>\n");
    }

    private boolean unknown(Object section) {
        if (section == null) {
            out.append("<p class=\"ofc-muted\">").append(text.html("status.section.unknown")).append("</p>\n");
            close();
            return true;
        }
        return false;
    }

    private void overview(ClusterStatus s) {
        open("overview", text.html("status.overview"));
        out.append("<table class=\"ofc-facts\"><tbody>\n");
        fact("status.cluster-name", f.plain(s.clusterName()));
        fact("status.state", ConsoleStyle.verdict(s.state() == ClusterState.CLUSTERED,
                text.html("state." + s.state().name().toLowerCase(Locale.ROOT))));
        fact("status.local-node", f.plain(s.localNodeId()));
        fact("status.observed", f.time(s.observedAt()));
        out.append("</tbody></table>\n");
        close();
    }

    private void nodes(ClusterStatus s) {
        open("membership", text.html("status.membership"));
        MembershipStatus m = s.membership();
        if (m != null) {
            out.append("<p>").append(text.html("status.membership.summary", s.nodes().size(),
                    m.epoch() < 0 ? "-" : Long.toString(m.epoch()))).append(" ")
                    .append(text.html("status.membership.lease")).append(" ").append(f.duration(m.leaseLength()))
                    .append("</p>\n");
        }
        if (s.nodes().isEmpty()) {
            out.append("<p class=\"ofc-muted\">").append(text.html("status.nodes.none")).append("</p>\n");
            close();
            return;
        }
        out.append(TableMarkup.head(text, "nodes", "node.host", "node.id", "node.joined", "node.senior",
                "#node.lease-age", "#node.memory", "#node.tasks-in-flight", "#node.queue-depth"));
        for (NodeStatus n : s.nodes()) {
            String link = "<a href=\"" + NodeDetailServlet.URL + "?UID=" + Html.escape(Html.query(NodeUid.encode(n.nodeId())))
                    + "\">" + Html.escape(n.hostName()) + "</a>"
                    + (n.local() ? " <span class=\"ofc-muted\">" + text.html("status.nodes.this") + "</span>" : "");
            String row = TableMarkup.row(TableMarkup.cell(link), TableMarkup.cell("<code>" + Html.escape(n.nodeId()) + "</code>"),
                    TableMarkup.cell(f.time(n.joinedAt())), TableMarkup.cell(n.senior() ? text.html("value.yes") : ""),
                    TableMarkup.number(f.duration(n.leaseAge())),
                    TableMarkup.number(f.memory(n.heapUsedBytes(), n.heapMaxBytes())),
                    TableMarkup.number(f.count(n.tasksInFlight())), TableMarkup.number(f.count(n.queueDepth())));
            out.append(n.local() ? row.replaceFirst("<tr>", "<tr class=\"local\">") : row);
        }
        out.append(TableMarkup.END);
        close();
    }

    private void redis(RedisStatus r) {
        open("redis", text.html("status.redis"));
        if (unknown(r)) {
            return;
        }
        out.append("<table class=\"ofc-facts\"><tbody>\n");
        fact("status.redis.mode", f.plain(r.mode()));
        fact("status.addresses", f.plain(String.join(", ", r.addresses())));
        fact("status.reachable", ConsoleStyle.verdict(r.reachable(), f.yesNo(r.reachable())));
        fact("status.redis.round-trip", f.duration(r.roundTrip()));
        footprint(r.footprint());
        if (r.problem() != null) {
            fact("status.problem", ConsoleStyle.verdict(false, Html.escape(r.problem())));
        }
        LockActivity l = r.locks();
        if (l != null) {
            fact("status.locks.owned", f.count(l.owned()));
            fact("status.locks.acquisitions", text.html("status.locks.acquisitions-value", f.count(l.local()), f.count(l.remote())));
            fact("status.locks.single-reads", f.count(l.singleReads()));
            fact("status.locks.hand-overs", f.count(l.handOvers()));
            fact("status.locks.refusals", f.count(l.refusals()));
            fact("status.locks.waiting", f.duration(Duration.ofMillis(l.waitMillis())));
            fact("status.locks.fenced", f.count(l.fencedRefusals()));
        }
        out.append("</tbody></table>\n");
        close();
    }

    /** Keys and memory, marked as a lower bound or an estimate where the bounded survey made them one. */
    private void footprint(KeyFootprint k) {
        if (k == null) {
            fact("status.redis.keys", f.count(-1));
            fact("status.redis.memory", f.bytes(-1));
            return;
        }
        fact("status.redis.keys", k.allKeysCounted() ? f.count(k.keys()) : text.html("status.redis.keys.at-least", f.count(k.keys())));
        fact("status.redis.memory", k.memoryEstimated()
                ? text.html("status.redis.memory.estimate", f.bytes(k.memoryBytes()), f.count(k.sampledKeys()))
                : f.bytes(k.memoryBytes()));
        fact("status.redis.surveyed", text.html("status.redis.surveyed-value", f.time(k.surveyedAt()), f.duration(k.interval())));
    }

    private void rabbit(RabbitStatus r) {
        open("rabbitmq", text.html("status.rabbitmq"));
        if (unknown(r)) {
            return;
        }
        out.append("<table class=\"ofc-facts\"><tbody>\n");
        fact("status.addresses", f.plain(String.join(", ", r.addresses())));
        fact("status.rabbitmq.connected", r.connected()
                ? ConsoleStyle.verdict(true, text.html("status.rabbitmq.connected-to", r.connectedTo()))
                : ConsoleStyle.verdict(false, text.html("value.no")));
        fact("status.rabbitmq.unroutable", f.count(r.unroutable()));
        fact("status.rabbitmq.returned", f.count(r.returned()));
        if (r.problem() != null) {
            fact("status.problem", ConsoleStyle.verdict(false, Html.escape(r.problem())));
        }
        out.append("</tbody></table>\n");
        if (!r.queues().isEmpty()) {
            out.append(TableMarkup.head(text, "queues", "status.rabbitmq.queue", "#status.rabbitmq.messages",
                    "#status.rabbitmq.consumers"));
            for (QueueDepth q : r.queues()) {
                out.append(TableMarkup.row(TableMarkup.cell("<code>" + Html.escape(q.queue()) + "</code>"),
                        TableMarkup.number(f.count(q.messages())), TableMarkup.number(f.count(q.consumers()))));
            }
            out.append(TableMarkup.END);
        }
        close();
    }

    private void database(DatabaseCheck d) {
        open("database", text.html("status.database"));
        if (unknown(d)) {
            return;
        }
        out.append("<table class=\"ofc-facts\"><tbody>\n");
        boolean good = d.outcome() == DatabaseCheck.Outcome.SAME_DATABASE;
        boolean bad = d.outcome() == DatabaseCheck.Outcome.DIFFERENT_DATABASE || d.outcome() == DatabaseCheck.Outcome.FAILED;
        String verdict = text.html("database." + d.outcome().name().toLowerCase(Locale.ROOT));
        fact("status.database.result", good || bad ? ConsoleStyle.verdict(good, verdict) : verdict);
        fact("status.database.identity", d.identity() == null ? f.plain(null) : "<code>" + Html.escape(d.identity()) + "</code>");
        if (d.detail() != null) {
            fact("status.database.detail", Html.escape(d.detail()));
        }
        out.append("</tbody></table>\n");
        close();
    }

    private void proxy(ProxyStatus p) {
        open("proxy", text.html("status.proxy"));
        if (unknown(p)) {
            return;
        }
        out.append("<table class=\"ofc-facts\"><tbody>\n");
        fact("status.proxy.enabled", f.yesNo(p.enabled()));
        fact("status.proxy.hosts", f.plain(String.join(", ", p.advertisedHosts())));
        fact("status.proxy.active", f.count(p.activeTransfers()));
        fact("status.proxy.bytes", f.bytes(p.bytesMoved()));
        fact("status.proxy.links", f.count(p.crossNodeLinks()));
        out.append("</tbody></table>\n");
        close();
    }

    private void configuration() {
        open("configuration", text.html("status.configuration"));
        List<SettingRow> rows = ConfigurationReport.of(page.services().settings(), ClusteringProperties.all());
        long bad = rows.stream().filter(r -> !r.valid()).count();
        out.append("<p>").append(bad == 0 ? ConsoleStyle.verdict(true, text.html("status.configuration.valid"))
                        : ConsoleStyle.verdict(false, text.html("status.configuration.invalid", bad)))
                .append(" <a href=\"").append(ClusterSettingsServlet.URL).append("\">")
                .append(text.html("status.configuration.edit")).append("</a></p>\n");
        out.append(TableMarkup.head(text, "config", "setting.key", "setting.value", "setting.scope", "setting.validation"));
        for (SettingRow r : rows) {
            out.append(TableMarkup.row(TableMarkup.cell("<code>" + Html.escape(r.setting().key()) + "</code>"),
                    TableMarkup.cell(r.shownValue(text)),
                    TableMarkup.cell(text.html("scope." + r.setting().scope().name().toLowerCase(Locale.ROOT))),
                    TableMarkup.cell(r.valid() ? ConsoleStyle.verdict(true, text.html("setting.valid"))
                            : ConsoleStyle.verdict(false, String.join("<br/>", r.problemMessages(text))))));
        }
        out.append(TableMarkup.END);
        close();
    }

    private void events(List<ClusterEvent> events) {
        open("events", text.html("status.events"));
        if (events.isEmpty()) {
            out.append("<p class=\"ofc-muted\">").append(text.html("status.events.none")).append("</p>\n");
            close();
            return;
        }
        out.append(TableMarkup.head(text, "events", "event.time", "event.kind", "event.node", "event.text"));
        for (ClusterEvent e : events) {
            out.append(TableMarkup.row(TableMarkup.cell(f.time(e.time())),
                    TableMarkup.cell(text.html("event.kind." + e.kind().name().toLowerCase(Locale.ROOT))),
                    TableMarkup.cell(f.plain(e.nodeId())), TableMarkup.cell(f.plain(e.detail()))));
        }
        out.append(TableMarkup.END);
        close();
    }
}
