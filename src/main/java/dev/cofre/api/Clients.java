package dev.cofre.api;

import jakarta.servlet.http.HttpServletRequest;

/** Reads what the audit trail records about the client of a request. */
final class Clients {

    private Clients() {
    }

    static String userAgent(HttpServletRequest request) {
        String ua = request.getHeader("User-Agent");
        return ua == null ? null : ua.length() > 300 ? ua.substring(0, 300) : ua;
    }
}
