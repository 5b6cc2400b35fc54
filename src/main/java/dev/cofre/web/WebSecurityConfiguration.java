package dev.cofre.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.cofre.auth.UserService;

/**
 * Security of the browser-facing pages (everything the API and probe chains do not match): a session cookie set by
 * {@link LoginController}, re-checked on every request by {@link WebSessionFilter}; CSRF on every unsafe request;
 * a strict Content-Security-Policy (no inline script or style), no framing, no caching.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
            + "object-src 'none'";

    @Bean
    @Order(3)
    SecurityFilterChain webChain(HttpSecurity http, UserService users) throws Exception {
        HttpSessionRequestCache requestCache = requestCache();
        http.securityContext(s -> s.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.requestCache(requestCache))
                .addFilterBefore(new WebSessionFilter(users), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/css/**", "/js/**", "/img/**", "/favicon.ico", "/favicon.svg", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/login").permitAll()
                        .requestMatchers(HttpMethod.POST, "/login").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> {
                            if (WebErrors.wantsJson(req)) {
                                WebErrors.writeJson(res, 401, "Your session has ended; sign in again");
                            } else {
                                res.sendRedirect(req.getContextPath() + "/login");
                            }
                        })
                        .accessDeniedHandler((req, res, ex) -> denied(req, res, ex)))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .cacheControl(c -> { })
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), "
                                + "clipboard-write=(self)")));
        return http.build();
    }

    /** Only page views are remembered for after the login, never JSON endpoints or assets. */
    static HttpSessionRequestCache requestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        RequestMatcher pages = req -> "GET".equals(req.getMethod()) && !WebErrors.wantsJson(req)
                && !req.getRequestURI().startsWith(req.getContextPath() + "/css/")
                && !req.getRequestURI().startsWith(req.getContextPath() + "/js/")
                && !req.getRequestURI().startsWith(req.getContextPath() + "/img/")
                && !req.getRequestURI().endsWith("/favicon.ico");
        cache.setRequestMatcher(pages);
        cache.setMatchingRequestParameterName(null);
        return cache;
    }

    /** The local path (with query) of the page saved before the login, or null. Never another origin. */
    static String savedPath(HttpServletRequest req, HttpServletResponse res) {
        SavedRequest saved = requestCache().getRequest(req, res);
        if (saved == null) {
            return null;
        }
        try {
            URI uri = URI.create(saved.getRedirectUrl());
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/login")
                    || path.startsWith("/error")) {
                return null;
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void denied(HttpServletRequest req, HttpServletResponse res, Exception ex) throws IOException {
        if (ex instanceof CsrfException) {
            if (req.getContentType() != null && req.getContentType().startsWith("multipart/")
                    && req.getContentLengthLong() > QrCodes.MAX_BYTES) {
                // Tomcat refused the oversized part, so the form's CSRF token could not be read either.
                res.sendError(413);
                return;
            }
            if (WebErrors.wantsJson(req)) {
                WebErrors.writeJson(res, 403, "The page has expired; reload it and try again");
                return;
            }
            if ("/login".equals(req.getServletPath())) {
                res.sendRedirect(req.getContextPath() + "/login?expired");
                return;
            }
        }
        if (WebErrors.wantsJson(req)) {
            WebErrors.writeJson(res, 403, "You are not allowed to do this");
        } else {
            res.sendError(403);
        }
    }

    /**
     * No user-details store: sign-in goes through {@link UserService}. Declaring this keeps Spring Boot from
     * generating a default user and printing its password to the log.
     */
    @Bean
    UserDetailsService noUserDetails() {
        return username -> {
            throw new UsernameNotFoundException("not used");
        };
    }

    @Bean
    CookieSameSiteSupplier sessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }
}
