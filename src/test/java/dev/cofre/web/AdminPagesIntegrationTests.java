package dev.cofre.web;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.audit.Actor;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;
import dev.cofre.policy.PolicyDraft;
import dev.cofre.policy.PolicyService;
import dev.cofre.support.CofreServerTests;

import static dev.cofre.web.WebSession.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** Administration pages over HTTP: admin-only forms, the audit page for auditors, and My account's MFA enrolment. */
class AdminPagesIntegrationTests extends CofreServerTests {

    @Autowired
    UserService users;
    @Autowired
    PolicyService policies;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "web-admin");
    }

    @Test
    void adminCreatesAGroupAUserAndAPolicyThroughTheForms() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        String csrf = s.csrf("/admin/groups");
        HttpResponse<String> g = s.post("/admin/groups", "_csrf=" + enc(csrf) + "&name=ops&description=Operators&members=");
        assertThat(g.statusCode()).as(g.body()).isEqualTo(302);
        HttpResponse<String> u = s.post("/admin/users", "_csrf=" + enc(csrf)
                + "&username=dave&password=" + enc("dave-password-123") + "&groups=ops");
        assertThat(u.statusCode()).as(u.body()).isEqualTo(302);
        HttpResponse<String> p = s.post("/admin/policies", "_csrf=" + enc(csrf) + "&name=ops-prod"
                + "&subjects=" + enc("group:ops") + "&credentials=" + enc("tag:prod\nhost:*.db.internal")
                + "&permissions=VIEW_PASSWORD&permissions=START_SESSION");
        assertThat(p.statusCode()).as(p.body()).isEqualTo(302);
        assertThat(s.get("/admin/users").body()).contains("dave");
        assertThat(s.get("/admin/policies").body()).contains("ops-prod").contains("host:*.db.internal");

        HttpResponse<String> bad = s.post("/admin/users", "_csrf=" + enc(csrf) + "&username=eve&password=short");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("12").contains("value=\"eve\"").doesNotContain("short\"");
    }

    @Test
    void auditPageFiltersExportsAndVerifiesTheChain() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        HttpResponse<String> page = s.get("/admin/audit?action=LOGIN");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("web-session:").contains("LOGIN");
        HttpResponse<String> export = s.get("/admin/audit/export?action=LOGIN");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body().lines().findFirst().orElseThrow()).startsWith("{");
        String csrf = s.csrf("/admin/groups");
        HttpResponse<String> verify = s.post("/admin/audit/verify", "_csrf=" + enc(csrf));
        assertThat(verify.statusCode()).isEqualTo(302);
        assertThat(s.get("/admin/audit").body()).contains("Chain intact");
    }

    @Test
    void nonAdminsGetForbiddenPagesAndAuditorsReachOnlyTheAuditPage() throws Exception {
        users.create(Actor.system(), new UserDraft("frank", "frank-password-1", false, true, List.of()));
        users.create(Actor.system(), new UserDraft("gina", "gina-password-12", false, true, List.of()));
        policies.createPolicy(Actor.system(), new PolicyDraft("gina audits", null, List.of("user:gina"),
                List.of("*"), List.of("AUDIT")));
        WebSession frank = new WebSession(port);
        frank.login("frank", "frank-password-1");
        for (String path : List.of("/admin/users", "/admin/groups", "/admin/policies", "/admin/audit")) {
            HttpResponse<String> r = frank.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).contains("You do not have access");
        }
        assertThat(frank.get("/pam/credentials").body()).doesNotContain("Administration");
        WebSession gina = new WebSession(port);
        gina.login("gina", "gina-password-12");
        assertThat(gina.get("/admin/audit").statusCode()).isEqualTo(200);
        assertThat(gina.get("/admin/users").statusCode()).isEqualTo(403);
    }

    @Test
    void myAccountShowsTheMfaKeyOnceAsAQrImageAndNeverAsText() throws Exception {
        WebSession s = new WebSession(port);
        s.login("admin", ADMIN_PASSWORD);
        String csrf = s.csrf("/account");
        HttpResponse<String> r = s.post("/account/mfa/start", "_csrf=" + enc(csrf));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("src=\"data:image/png;base64,").doesNotContain("otpauth://");
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        HttpResponse<String> wrong = s.post("/account/mfa/confirm", "_csrf=" + enc(csrf) + "&code=000000");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("code-error");
    }
}
