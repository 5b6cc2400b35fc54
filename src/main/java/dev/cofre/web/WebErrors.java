package dev.cofre.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Small helpers to answer the page scripts' JSON requests with a problem document instead of an HTML page. */
final class WebErrors {

    private WebErrors() {
    }

    /** Whether the request comes from a page script expecting JSON (the token, time and password endpoints). */
    static boolean wantsJson(HttpServletRequest req) {
        String path = req.getServletPath();
        if (path.equals("/pam/time") || path.endsWith("/token")) {
            return true;
        }
        String accept = req.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    static void writeJson(HttpServletResponse res, int status, String detail) throws IOException {
        res.setStatus(status);
        res.setContentType("application/problem+json");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.getOutputStream().write(json(status, detail).getBytes(StandardCharsets.UTF_8));
    }

    static String json(int status, String detail) {
        return "{\"status\":" + status + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
    }
}
