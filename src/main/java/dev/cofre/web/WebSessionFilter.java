package dev.cofre.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.cofre.audit.Actor;
import dev.cofre.auth.User;
import dev.cofre.auth.UserService;
import dev.cofre.config.ActorAuthentication;

/**
 * Turns a signed-in browser session into the request's {@link Actor}. The session holds only the user id; the user
 * is loaded again on every request, so disabling or deleting a user (or changing their admin flag) takes effect on
 * their open sessions at once.
 */
final class WebSessionFilter extends OncePerRequestFilter {

    static final String USER_ID = "cofre.web.userId";

    private final UserService users;

    WebSessionFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(USER_ID) instanceof UUID userId) {
            Optional<User> user = users.findById(userId).filter(User::enabled);
            if (user.isPresent()) {
                SecurityContextHolder.getContext().setAuthentication(
                        new ActorAuthentication(actor(user.get(), session, request)));
            } else {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }

    static Actor actor(User user, HttpSession session, HttpServletRequest request) {
        return new Actor(user.id(), user.username(), user.admin(), via(session), request.getRemoteAddr(),
                userAgent(request));
    }

    /** {@code web-session:} and 8 hex chars of a hash of the session id: correlates records, reveals no cookie. */
    static String via(HttpSession session) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(session.getId().getBytes(StandardCharsets.US_ASCII));
            return "web-session:" + HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String userAgent(HttpServletRequest request) {
        String ua = request.getHeader("User-Agent");
        return ua == null ? null : ua.length() > 300 ? ua.substring(0, 300) : ua;
    }
}
