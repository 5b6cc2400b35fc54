package dev.cofre.config;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.cofre.audit.Actor;
import dev.cofre.auth.UserService;

/**
 * Resolves {@code Authorization: Bearer <token>} to an {@link Actor}. An unknown, expired or revoked token leaves
 * the request unauthenticated, and the API chain answers 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";
    private final UserService users;

    BearerTokenFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            String token = header.substring(PREFIX.length()).strip();
            users.resolveToken(token).ifPresent(owner -> {
                Actor actor = new Actor(owner.user().id(), owner.user().username(), owner.user().admin(),
                        "token:" + owner.tokenId(), request.getRemoteAddr(), userAgent(request));
                SecurityContextHolder.getContext().setAuthentication(new ActorAuthentication(actor));
            });
        }
        chain.doFilter(request, response);
    }

    static String userAgent(HttpServletRequest request) {
        String ua = request.getHeader("User-Agent");
        return ua == null ? null : ua.length() > 300 ? ua.substring(0, 300) : ua;
    }
}
