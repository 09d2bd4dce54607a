package org.ofclustering.admin;

import org.ofclustering.config.ClusteringProperties;
import org.ofclustering.config.Setting;
import org.ofclustering.config.SettingScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code clustering-settings.jsp}: the cluster-wide properties, validated on save exactly as a node
 * validates them at start; nothing is saved while any of them is invalid. Secrets are never written
 * into the page. Per-node properties (openfire.xml) are shown read-only.
 */
public class ClusterSettingsServlet extends ConsolePageServlet {
    static final String URL = "clustering-settings.jsp";
    static final String PAGE_ID = "clustering-settings";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSettingsServlet.class);

    @Override
    String pageId() {
        return PAGE_ID;
    }

    @Override
    String renderGet(PageRequest page) {
        List<SettingRow> rows = ConfigurationReport.of(page.services().settings(), ClusteringProperties.all());
        return form(page, rows, s -> Optional.empty(), null, null);
    }

    @Override
    String renderPost(PageRequest page) {
        ConsoleText text = page.text();
        List<Setting<?>> settings = ClusteringProperties.all();
        SettingsStore store = page.services().settings();
        if (!CsrfToken.isValid(page.request())) {
            LOG.warn("Clustering settings not saved: form post from {} without a valid CSRF token", page.request().getRemoteAddr());
            page.response().setStatus(HttpServletResponse.SC_FORBIDDEN);
            return form(page, ConfigurationReport.of(store, settings), s -> Optional.empty(), "error", text.html("settings.csrf-failed"));
        }
        SettingsSubmission submission = SettingsSubmission.read(page.request(), settings, store);
        List<SettingRow> rows = ConfigurationReport.of(submission.merged(), settings);
        long invalid = rows.stream().filter(r -> r.setting().scope() == SettingScope.CLUSTER && !r.valid()).count();
        if (invalid > 0) {
            return form(page, rows, submission::submittedText, "error", text.html("settings.not-saved", invalid));
        }
        List<SettingChange> changes = submission.changes(settings);
        if (changes.isEmpty()) {
            return form(page, rows, s -> Optional.empty(), "info", text.html("settings.unchanged"));
        }
        try {
            store.save(changes);
        } catch (RuntimeException e) {
            LOG.warn("Clustering settings could not be saved: {}", e.toString());
            return form(page, ConfigurationReport.of(store, settings), submission::submittedText, "error",
                    text.html("settings.save-failed", String.valueOf(e.getMessage())));
        }
        LOG.info("Clustering settings changed in the admin console: {}",
                changes.stream().map(c -> c.setting().key()).toList());
        return form(page, ConfigurationReport.of(store, settings), s -> Optional.empty(), "success",
                text.html("settings.saved", changes.size()));
    }

    private static String form(PageRequest page, List<SettingRow> rows, Function<Setting<?>, Optional<String>> echo,
                               String boxType, String escapedMessage) {
        ConsoleText text = page.text();
        PageDocument doc = new PageDocument(text.html("settings.title"), PAGE_ID, ConsoleStyle.TABLES
                + ".ofc-settings input[type=text], .ofc-settings input[type=password] { width: 28em; }\n"
                + ".ofc-settings .ofc-error { color: #b00; }\n");
        if (boxType != null) {
            doc.infoBox(boxType, escapedMessage);
        }
        doc.append("<p>").append(text.html("settings.intro")).append("</p>\n")
                .append("<form method=\"post\" action=\"").append(URL).append("\" class=\"ofc-settings\">\n")
                .append("<input type=\"hidden\" name=\"").append(CsrfToken.FIELD).append("\" value=\"")
                .append(Html.escape(CsrfToken.of(page.request()))).append("\"/>\n")
                .append("<div class=\"jive-contentBoxHeader\">").append(text.html("settings.cluster")).append("</div>\n")
                .append("<div class=\"jive-contentBox\">\n<table class=\"ofc-table\"><tbody>\n");
        for (SettingRow row : rows) {
            if (row.setting().scope() == SettingScope.CLUSTER) {
                SettingsFormRow.editable(doc, text, row, echo.apply(row.setting()));
            }
        }
        doc.append("</tbody></table>\n<input type=\"submit\" name=\"save\" value=\"").append(text.html("settings.save"))
                .append("\"/>\n</div>\n</form>\n<br/>\n")
                .append("<div class=\"jive-contentBoxHeader\">").append(text.html("settings.node")).append("</div>\n")
                .append("<div class=\"jive-contentBox\">\n<p>").append(text.html("settings.node.intro"))
                .append("</p>\n<table class=\"ofc-table\"><tbody>\n");
        for (SettingRow row : rows) {
            if (row.setting().scope() == SettingScope.NODE) {
                SettingsFormRow.readOnly(doc, text, row);
            }
        }
        return doc.append("</tbody></table>\n</div>\n").finish();
    }
}
