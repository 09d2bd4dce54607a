package org.ofclustering.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Common handling of the plugin's admin pages: UTF-8 HTML that no cache keeps, the console's
 * language, and a clear page while the plugin has not (or no longer) installed its services.
 * Authentication is not done here: Openfire's {@code AuthCheckFilter} guards every plugin URL
 * before the request reaches the page.
 */
abstract class ConsolePageServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePageServlet.class);

    @Override
    protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
        request.setCharacterEncoding("UTF-8");
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        ConsoleServices services = ConsoleServices.current();
        if (services == null) {
            ConsoleText text = new ConsoleText(Locale.getDefault());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write(new PageDocument(text.html("page.unavailable.title"), pageId(), "")
                    .infoBox("warning", text.html("page.unavailable")).finish());
            return;
        }
        ConsoleText text = new ConsoleText(services.locale().get());
        PageRequest page = new PageRequest(request, response, services, text,
                new DisplayFormat(text, services.zone().get()));
        String html;
        try {
            html = post ? renderPost(page) : renderGet(page);
        } catch (RuntimeException e) {
            LOG.warn("Clustering admin page {} failed: {}", request.getRequestURI(), e.toString(), e);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            html = new PageDocument(text.html("page.failed.title"), pageId(), "")
                    .infoBox("error", text.html("page.failed", String.valueOf(e.getMessage()))).finish();
        }
        if (html != null) {
            response.getWriter().write(html);
        }
    }

    /** The admin console item this page belongs to. */
    abstract String pageId();

    /** The page for a GET, or null when the response was already completed. */
    abstract String renderGet(PageRequest page) throws IOException;

    /** The page for a POST; by default POST is not allowed. */
    String renderPost(PageRequest page) throws IOException {
        page.response().sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        return null;
    }
}
