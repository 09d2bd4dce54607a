package org.ofclustering.admin;

/**
 * The HTML document of a page as Openfire's admin console expects it from a plugin: a title and a
 * {@code pageID} meta tag in the head (the SiteMesh decorator uses them for the window title and to
 * highlight the current tab and sidebar item), the page's own content in the body. The decorator
 * adds the console's header, navigation and style around it.
 */
final class PageDocument {
    private final StringBuilder html = new StringBuilder(8192);

    /**
     * @param escapedTitle title, already escaped
     * @param pageId       id of the admin console item to highlight
     * @param style        page-specific CSS (trusted constant text)
     */
    PageDocument(String escapedTitle, String pageId, String style) {
        html.append("<!DOCTYPE html>\n<html>\n<head>\n<title>").append(escapedTitle).append("</title>\n")
                .append("<meta name=\"pageID\" content=\"").append(Html.escape(pageId)).append("\"/>\n")
                .append("<style>\n").append(style).append("</style>\n</head>\n<body>\n");
    }

    /** Appends trusted markup (every piece of data in it must have been escaped). */
    PageDocument append(String markup) {
        html.append(markup);
        return this;
    }

    /** A message box styled like Openfire's {@code admin:infoBox} tag. */
    PageDocument infoBox(String type, String escapedMessage) {
        html.append("<div class=\"jive-").append(type).append("\"><table><tbody><tr><td class=\"jive-icon-label\">")
                .append(escapedMessage).append("</td></tr></tbody></table></div><br/>\n");
        return this;
    }

    String finish() {
        return html.append("</body>\n</html>\n").toString();
    }
}
