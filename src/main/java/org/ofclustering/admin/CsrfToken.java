package org.ofclustering.admin;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Cross-site request forgery protection of the plugin's forms, the synchronizer-token check that
 * Openfire's plugin servlet applies (session attribute against the {@code csrf} form field), kept
 * under the plugin's own session attribute: Openfire renews its shared token on every plugin
 * request, the status page's background refresh included, which would void an open form.
 */
final class CsrfToken {
    static final String FIELD = "csrf";
    private static final String SESSION_ATTRIBUTE = "org.ofclustering.admin.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfToken() {
    }

    /** The token of the admin's session, created on first use. */
    static String of(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object token = session.getAttribute(SESSION_ATTRIBUTE);
            if (token instanceof String s) {
                return s;
            }
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(SESSION_ATTRIBUTE, fresh);
            return fresh;
        }
    }

    /** True when the request carries the token of an existing session. */
    static boolean isValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getParameter(FIELD);
        if (session == null || sent == null) {
            return false;
        }
        Object expected = session.getAttribute(SESSION_ATTRIBUTE);
        return expected instanceof String s
                && MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
