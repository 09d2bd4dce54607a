package org.ofclustering.admin;

/**
 * {@code clustering-status.jsp}: Redis, RabbitMQ, membership, database check, file-transfer proxy,
 * configuration and recent events. The page refreshes its body every few seconds from
 * {@code clustering-status.jsp?fragment=true&decorator=none} (the {@code decorator=none} parameter
 * keeps Openfire's SiteMesh decorator off the fragment), without reloading the page. It refreshes
 * only while the browser shows it: every plugin request renews Openfire's shared plugin CSRF token,
 * so a hidden status tab must not void a form the administrator fills in elsewhere.
 */
public class ClusterStatusServlet extends ConsolePageServlet {
    static final String URL = "clustering-status.jsp";
    static final String PAGE_ID = "clustering-status";
    static final String FRAGMENT_URL = URL + "?fragment=true&decorator=none";
    static final int REFRESH_MILLIS = 5000;

    private static final String SCRIPT = """
            <script>
            (function () {
              var box = document.getElementById('ofc-status');
              var note = document.getElementById('ofc-refresh-note');
              var url = box.getAttribute('data-fragment-url');
              var timer = setInterval(function () {
                if (document.visibilityState === 'hidden') { return; }
                fetch(url, {credentials: 'same-origin', cache: 'no-store'})
                  .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error('HTTP ' + r.status)); })
                  .then(function (html) {
                    if (html.indexOf('<!--ofc-status-fragment-->') !== 0) { throw new Error('not a status fragment'); }
                    box.innerHTML = html;
                  })
                  .catch(function () {
                    clearInterval(timer);
                    note.textContent = box.getAttribute('data-stopped-text');
                  });
              }, parseInt(box.getAttribute('data-interval'), 10));
            })();
            </script>
            """;

    @Override
    String pageId() {
        return PAGE_ID;
    }

    @Override
    String renderGet(PageRequest page) {
        ClusterStatus status = page.services().status().status();
        String sections = StatusSections.render(page, status);
        if ("true".equals(page.request().getParameter("fragment"))) {
            return sections;
        }
        ConsoleText text = page.text();
        return new PageDocument(text.html("status.title"), PAGE_ID, ConsoleStyle.TABLES)
                .append("<p>").append(text.html("status.intro")).append("</p>\n")
                .append("<p class=\"ofc-muted\" id=\"ofc-refresh-note\">")
                .append(text.html("status.refresh", REFRESH_MILLIS / 1000)).append("</p>\n")
                .append("<div id=\"ofc-status\" data-fragment-url=\"").append(Html.escape(FRAGMENT_URL))
                .append("\" data-interval=\"").append(Integer.toString(REFRESH_MILLIS))
                .append("\" data-stopped-text=\"").append(text.html("status.refresh.stopped")).append("\">")
                .append(sections).append("</div>\n")
                .append(SCRIPT)
                .finish();
    }
}
