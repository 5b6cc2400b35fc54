package dev.cofre.web;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditEvent;
import dev.cofre.audit.AuditQuery;
import dev.cofre.audit.AuditTrail;
import dev.cofre.auth.User;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;
import dev.cofre.support.CofreServerTests;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser chain at the HTTP level: login, session, CSRF, security headers, error pages, audit. */
class WebSecurityIntegrationTests extends CofreServerTests {

    @Autowired
    AuditTrail audit;
    @Autowired
    UserService users;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "web-security");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void pagesNeedASessionAndRedirectToLogin() throws Exception {
        HttpResponse<String> r = new WebSession(port).get("/pam/credentials");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> json = new WebSession(port).getJson("/pam/time");
        assertThat(json.statusCode()).isEqualTo(401);
        assertThat(json.body()).contains("sign in");
    }

    @Test
    void loginPageCarriesAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() throws Exception {
        WebSession s = new WebSession(port);
        for (String path : List.of("/login")) {
            HttpResponse<String> r = s.get(path);
            assertPageHeaders(r);
            assertNoInlineCode(r.body());
        }
        s.login("admin", ADMIN_PASSWORD);
        for (String path : List.of("/pam/credentials", "/pam/credentials/new")) {
            HttpResponse<String> r = s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertPageHeaders(r);
            assertNoInlineCode(r.body());
        }
    }

    @Test
    void loginRenewsTheSessionIdSetsSafeCookiesAndIsAudited() throws Exception {
        WebSession s = new WebSession(port);
        s.get("/pam/credentials");
        String before = s.sessionId();
        HttpResponse<String> r = s.login("admin", ADMIN_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/pam/credentials");
        assertThat(s.sessionId()).isNotNull().isNotEqualTo(before);
        String setCookie = String.join("\n", r.headers().allValues("Set-Cookie"));
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
        assertThat(s.get("/pam/credentials").statusCode()).isEqualTo(200);

        List<AuditEvent> logins = audit.search(new AuditQuery("admin", null, AuditAction.LOGIN, null, null, 0, 50))
                .items();
        assertThat(logins).anySatisfy(e -> {
            assertThat(e.via()).matches("web-session:[0-9a-f]{8}");
            assertThat(e.outcome().name()).isEqualTo("SUCCESS");
        });
    }

    @Test
    void wrongPasswordShowsAClearMessageAndLoginWithoutCsrfIsRefused() throws Exception {
        WebSession s = new WebSession(port);
        HttpResponse<String> wrong = s.login("admin", "not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid username, password or one-time code.");
        HttpResponse<String> noCsrf = new WebSession(port).post("/login", "username=admin&password=" + enc(ADMIN_PASSWORD));
        assertThat(noCsrf.statusCode()).isEqualTo(302);
        assertThat(noCsrf.headers().firstValue("Location").orElseThrow()).contains("/login?expired");
    }

    @Test
    void formsAndJsonPostsRequireTheCsrfToken() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        HttpResponse<String> r = s.post("/pam/credentials/new", "name=no-csrf");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("You do not have access").doesNotContain("Whitelabel");
    }

    @Test
    void tokenAndTimeEndpointsAnswerJsonThatIsNeverCached() throws Exception {
        String id = WebTestData.createCredential(admin, "json-token", "JBSWY3DPEHPK3PXP", 30, List.of());
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        HttpResponse<String> time = s.getJson("/pam/time");
        assertThat(time.statusCode()).isEqualTo(200);
        assertThat(time.body()).matches("\\{\"epochMillis\":\\d+}");
        HttpResponse<String> token = s.getJson("/pam/credentials/" + id + "/token");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        assertThat(token.body()).containsPattern("\"code\":\"\\d{6}\"");
        HttpResponse<String> details = s.get("/pam/credentials/" + id);
        assertThat(details.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        HttpResponse<String> missing = s.getJson("/pam/credentials/" + UUID.randomUUID() + "/token");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).contains("json");
    }

    @Test
    void unknownPagesAndCredentialsGetAFriendlyNotFoundPage() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        for (String path : List.of("/no/such/page", "/pam/credentials/" + UUID.randomUUID(), "/pam/credentials/x")) {
            HttpResponse<String> r = s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).contains("Page not found").doesNotContain("Whitelabel").doesNotContain("Exception");
        }
    }

    @Test
    void disablingAUserEndsTheirWebSessions() throws Exception {
        User carol = users.create(Actor.system(), new UserDraft("carol", "carol-password-1", false, true, List.of()));
        WebSession s = new WebSession(port);
        assertThat(s.login("carol", "carol-password-1").statusCode()).isEqualTo(302);
        assertThat(s.get("/pam/credentials").statusCode()).isEqualTo(200);
        users.update(Actor.system(), carol.id(), new UserDraft(null, null, null, false, null));
        HttpResponse<String> after = s.get("/pam/credentials");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    private static void assertPageHeaders(HttpResponse<String> r) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'", "object-src 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("X-Frame-Options").orElseThrow()).isEqualTo("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    }

    private static void assertNoInlineCode(String html) {
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).doesNotContainPattern("\\sstyle=");
        assertThat(html).doesNotContainPattern("\\son[a-z]+=");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }
}
