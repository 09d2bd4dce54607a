package org.ofclustering.admin;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One request to one of the plugin's pages, with what it needs to render.
 *
 * @param request  the servlet request
 * @param response the servlet response
 * @param services the plugin's services
 * @param text     the messages in the console's language
 * @param format   number, size and time formatting
 */
record PageRequest(HttpServletRequest request, HttpServletResponse response, ConsoleServices services,
                   ConsoleText text, DisplayFormat format) {
}
