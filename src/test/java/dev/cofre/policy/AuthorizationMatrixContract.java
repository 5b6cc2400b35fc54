package dev.cofre.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Users;

/**
 * Every API route × every kind of caller → the expected status. The routes come from the running server's own
 * route table, so a new endpoint without a rule here fails {@link #everyApiRouteHasARule()}.
 */
abstract class AuthorizationMatrixContract extends CofreServerTests {

    enum Role { NONE, VIEW_PASSWORD, START_SESSION, EDIT, ADMIN }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** A request for one route, given the role's fixture. */
    record Call(String method, String path, Object body) {
    }

    record Fixture(Map<Role, ApiClient> clients, Map<Role, String[]> logins, String tag, String userId,
                   String groupId, String policyId) {
    }

    private static Map<Role, Integer> expect(int none, int viewPassword, int startSession, int edit, int admin) {
        Map<Role, Integer> m = new EnumMap<>(Role.class);
        m.put(Role.NONE, none);
        m.put(Role.VIEW_PASSWORD, viewPassword);
        m.put(Role.START_SESSION, startSession);
        m.put(Role.EDIT, edit);
        m.put(Role.ADMIN, admin);
        return m;
    }

    private record Rule(Map<Role, Integer> expected, BiFunction<Fixture, Role, Call> call) {
        Rule(Map<Role, Integer> expected, Function<Fixture, Call> call) {
            this(expected, (f, role) -> call.apply(f));
        }
    }

    /** The rule table: "METHOD pattern" → statuses and how to build the call. */
    private Map<String, Rule> rules() {
        Map<String, Rule> r = new LinkedHashMap<>();
        r.put("POST /api/v1/auth/login", new Rule(expect(200, 200, 200, 200, 200), f -> null));
        r.put("POST /api/v1/auth/logout", new Rule(expect(204, 204, 204, 204, 204), f -> null));
        r.put("GET /api/v1/credentials", new Rule(expect(200, 200, 200, 200, 200),
                f -> new Call("GET", "/api/v1/credentials", null)));
        r.put("POST /api/v1/credentials", new Rule(expect(403, 403, 403, 403, 201),
                f -> new Call("POST", "/api/v1/credentials", Map.of("name", Users.unique("m"), "tags", List.of("other")))));
        r.put("GET /api/v1/credentials/{id}", new Rule(expect(404, 200, 200, 200, 200),
                f -> new Call("GET", "/api/v1/credentials/" + credential(f), null)));
        r.put("PUT /api/v1/credentials/{id}", new Rule(expect(404, 403, 403, 200, 200),
                f -> new Call("PUT", "/api/v1/credentials/" + credential(f), Map.of("name", Users.unique("m"),
                        "tags", List.of(f.tag())))));
        r.put("DELETE /api/v1/credentials/{id}", new Rule(expect(404, 403, 403, 403, 204),
                f -> new Call("DELETE", "/api/v1/credentials/" + credential(f), null)));
        r.put("GET /api/v1/credentials/{id}/password", new Rule(expect(404, 200, 403, 403, 200),
                f -> new Call("GET", "/api/v1/credentials/" + credential(f) + "/password", null)));
        r.put("GET /api/v1/credentials/{id}/totp", new Rule(expect(404, 200, 200, 403, 200),
                f -> new Call("GET", "/api/v1/credentials/" + credential(f) + "/totp", null)));
        adminOnly(r, "GET /api/v1/users", 200, f -> new Call("GET", "/api/v1/users", null));
        adminOnly(r, "POST /api/v1/users", 201, f -> new Call("POST", "/api/v1/users",
                Map.of("username", Users.unique("u"), "password", Users.PASSWORD)));
        adminOnly(r, "GET /api/v1/users/{id}", 200, f -> new Call("GET", "/api/v1/users/" + f.userId(), null));
        adminOnly(r, "PUT /api/v1/users/{id}", 200, f -> new Call("PUT", "/api/v1/users/" + f.userId(),
                Map.of("enabled", true)));
        adminOnly(r, "DELETE /api/v1/users/{id}", 204, f -> new Call("DELETE", "/api/v1/users/" + newUser(), null));
        adminOnly(r, "DELETE /api/v1/users/{id}/mfa", 204, f -> new Call("DELETE", "/api/v1/users/" + f.userId()
                + "/mfa", null));
        r.put("POST /api/v1/users/me/mfa", new Rule(expect(200, 200, 200, 200, 200),
                f -> new Call("POST", "/api/v1/users/me/mfa", "")));
        r.put("POST /api/v1/users/me/mfa/confirm", new Rule(expect(400, 400, 400, 400, 400),
                f -> new Call("POST", "/api/v1/users/me/mfa/confirm", Map.of("code", "000000"))));
        adminOnly(r, "GET /api/v1/groups", 200, f -> new Call("GET", "/api/v1/groups", null));
        adminOnly(r, "POST /api/v1/groups", 201, f -> new Call("POST", "/api/v1/groups",
                Map.of("name", Users.unique("g"))));
        adminOnly(r, "GET /api/v1/groups/{id}", 200, f -> new Call("GET", "/api/v1/groups/" + f.groupId(), null));
        adminOnly(r, "PUT /api/v1/groups/{id}", 200, f -> new Call("PUT", "/api/v1/groups/" + f.groupId(),
                Map.of("name", Users.unique("g"))));
        adminOnly(r, "DELETE /api/v1/groups/{id}", 204, f -> new Call("DELETE", "/api/v1/groups/" + newGroup(), null));
        adminOnly(r, "GET /api/v1/policies", 200, f -> new Call("GET", "/api/v1/policies", null));
        adminOnly(r, "POST /api/v1/policies", 201, f -> new Call("POST", "/api/v1/policies", policyBody()));
        adminOnly(r, "GET /api/v1/policies/{id}", 200, f -> new Call("GET", "/api/v1/policies/" + f.policyId(), null));
        adminOnly(r, "PUT /api/v1/policies/{id}", 200, f -> new Call("PUT", "/api/v1/policies/" + f.policyId(),
                policyBody()));
        adminOnly(r, "DELETE /api/v1/policies/{id}", 204, f -> new Call("DELETE", "/api/v1/policies/"
                + Users.grant(admin, "user:nobody", "tag:nothing", "EDIT"), null));
        adminOnly(r, "GET /api/v1/audit", 200, f -> new Call("GET", "/api/v1/audit?size=5", null));
        adminOnly(r, "GET /api/v1/audit/export", 200, f -> new Call("GET", "/api/v1/audit/export?action=LOGOUT", null));
        adminOnly(r, "GET /api/v1/audit/verify", 200, f -> new Call("GET", "/api/v1/audit/verify", null));
        adminOnly(r, "GET /api/v1/sessions", 200, f -> new Call("GET", "/api/v1/sessions", null));
        // No session exists in this fixture: auditors learn that (404), everyone else is refused first (403).
        adminOnly(r, "GET /api/v1/sessions/{id}", 404, f -> new Call("GET", "/api/v1/sessions/" + UUID.randomUUID(),
                null));
        adminOnly(r, "GET /api/v1/sessions/{id}/recording", 404, f -> new Call("GET", "/api/v1/sessions/"
                + UUID.randomUUID() + "/recording", null));
        adminOnly(r, "GET /api/v1/ssh/host-keys", 200, f -> new Call("GET", "/api/v1/ssh/host-keys", null));
        // No host key is pinned in this fixture: admins learn that (404), everyone else is refused first (403).
        adminOnly(r, "DELETE /api/v1/ssh/host-keys/{id}", 404, f -> new Call("DELETE", "/api/v1/ssh/host-keys/"
                + Long.MAX_VALUE, null));
        r.put("GET /api/v1/users/me/ssh-keys", new Rule(expect(200, 200, 200, 200, 200),
                f -> new Call("GET", "/api/v1/users/me/ssh-keys", null)));
        r.put("POST /api/v1/users/me/ssh-keys", new Rule(expect(201, 201, 201, 201, 201),
                f -> new Call("POST", "/api/v1/users/me/ssh-keys", Map.of("name", "laptop", "publicKey", publicKey()))));
        r.put("DELETE /api/v1/users/me/ssh-keys/{id}", new Rule(expect(204, 204, 204, 204, 204),
                (f, role) -> new Call("DELETE", "/api/v1/users/me/ssh-keys/" + f.clients().get(role)
                        .post("/api/v1/users/me/ssh-keys", Map.of("name", "old", "publicKey", publicKey())).json()
                        .get("id").asString(), null)));
        return r;
    }

    private static String publicKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(generator.generateKeyPair().getPublic());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void adminOnly(Map<String, Rule> r, String route, int adminStatus, Function<Fixture, Call> call) {
        r.put(route, new Rule(expect(403, 403, 403, 403, adminStatus), call));
    }

    private Map<String, Object> policyBody() {
        return Map.of("name", Users.unique("p"), "subjects", List.of("user:nobody"), "credentials", List.of("*"),
                "permissions", List.of("EDIT"));
    }

    private String newUser() {
        return admin.post("/api/v1/users", Map.of("username", Users.unique("d"), "password", Users.PASSWORD))
                .json().get("id").asString();
    }

    private String newGroup() {
        return admin.post("/api/v1/groups", Map.of("name", Users.unique("g"))).json().get("id").asString();
    }

    /** A fresh credential (with password and TOTP) that every role's policy covers through the fixture's tag. */
    private String credential(Fixture f) {
        return admin.post("/api/v1/credentials", Map.of("name", Users.unique("c"), "password", "pw",
                "tags", List.of(f.tag()), "totp", Map.of("secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")))
                .json().get("id").asString();
    }

    private Set<String> apiRoutes() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    routes.add("ANY " + pattern);
                }
                methods.forEach(m -> routes.add(m.name() + " " + pattern));
            }
        });
        return routes;
    }

    @Test
    void everyApiRouteHasARule() {
        Set<String> missing = new TreeSet<>(apiRoutes());
        missing.removeAll(rules().keySet());
        assertThat(missing).as("API routes without an authorization rule in this test").isEmpty();
        assertThat(apiRoutes()).containsAll(rules().keySet());
    }

    @Test
    void everyRouteAnswersEachRoleAsTheRuleSays() {
        String tag = Users.unique("matrix");
        Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
        Map<Role, String[]> logins = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            if (role == Role.ADMIN) {
                clients.put(role, admin);
                logins.put(role, new String[] {"admin", ADMIN_PASSWORD});
                continue;
            }
            String username = Users.unique(role.name().toLowerCase().replace('_', '-'));
            ApiClient client = Users.create(admin, anonymous, username);
            if (role != Role.NONE) {
                Users.grant(admin, "user:" + username, "tag:" + tag, role.name());
            }
            clients.put(role, client);
            logins.put(role, new String[] {username, Users.PASSWORD});
        }
        String userId = newUser();
        String groupId = newGroup();
        String policyId = Users.grant(admin, "user:nobody", "tag:nothing", "EDIT");
        Fixture fixture = new Fixture(clients, logins, tag, userId, groupId, policyId);

        List<String> mismatches = new ArrayList<>();
        rules().forEach((route, rule) -> {
            for (Role role : Role.values()) {
                int status = call(route, rule, role, fixture);
                if (status != rule.expected().get(role)) {
                    mismatches.add(route + " as " + role + ": expected " + rule.expected().get(role) + " got " + status);
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }

    // Grants are cached per user under the policy version: every change must reach the very next request.

    /** A user with a credential in {@code tag}; returns [username, credential id]. */
    private String[] userAndCredential(String tag) {
        String username = Users.unique("revoked");
        String id = admin.post("/api/v1/credentials", Map.of("name", Users.unique("c"), "password", "pw",
                "tags", List.of(tag))).json().get("id").asString();
        return new String[] {username, id};
    }

    /** Reads the password twice (the second from the cached grants) and answers the status of a third read. */
    private int passwordAfterTwoReads(ApiClient user, String id, Runnable change) {
        assertThat(user.get("/api/v1/credentials/" + id + "/password").status()).isEqualTo(200);
        assertThat(user.get("/api/v1/credentials/" + id + "/password").status()).isEqualTo(200);
        change.run();
        return user.get("/api/v1/credentials/" + id + "/password").status();
    }

    @Test
    void deletedPolicyDeniesTheVeryNextRequest() {
        String tag = Users.unique("t");
        String[] u = userAndCredential(tag);
        ApiClient user = Users.create(admin, anonymous, u[0]);
        String policy = Users.grant(admin, "user:" + u[0], "tag:" + tag, "VIEW_PASSWORD");
        assertThat(passwordAfterTwoReads(user, u[1], () ->
                assertThat(admin.delete("/api/v1/policies/" + policy).status()).isEqualTo(204))).isEqualTo(404);
    }

    @Test
    void narrowedPolicyTakesEffectOnTheVeryNextRequest() {
        String tag = Users.unique("t");
        String[] u = userAndCredential(tag);
        ApiClient user = Users.create(admin, anonymous, u[0]);
        String policy = Users.grant(admin, "user:" + u[0], "tag:" + tag, "VIEW_PASSWORD");
        assertThat(passwordAfterTwoReads(user, u[1], () -> assertThat(admin.put("/api/v1/policies/" + policy,
                Map.of("name", Users.unique("p"), "subjects", List.of("user:" + u[0]), "credentials",
                        List.of("tag:" + tag), "permissions", List.of("START_SESSION"))).status()).isEqualTo(200)))
                .isEqualTo(403);
    }

    @Test
    void removedGroupMemberIsDeniedOnTheVeryNextRequest() {
        String tag = Users.unique("t");
        String[] u = userAndCredential(tag);
        ApiClient user = Users.create(admin, anonymous, u[0]);
        String group = Users.unique("g");
        String groupId = groupGrantedPasswordsOf(tag, group, u[0]);
        assertThat(passwordAfterTwoReads(user, u[1], () -> assertThat(admin.put("/api/v1/groups/" + groupId,
                Map.of("name", group, "members", List.of())).status()).isEqualTo(200))).isEqualTo(404);
    }

    @Test
    void userTakenOutOfTheirGroupIsDeniedOnTheVeryNextRequest() {
        String tag = Users.unique("t");
        String[] u = userAndCredential(tag);
        String group = Users.unique("g");
        admin.post("/api/v1/groups", Map.of("name", group));
        String userId = admin.post("/api/v1/users", Map.of("username", u[0], "password", Users.PASSWORD,
                "groups", List.of(group))).json().get("id").asString();
        ApiClient user = anonymous.login(u[0], Users.PASSWORD);
        Users.grant(admin, "group:" + group, "tag:" + tag, "VIEW_PASSWORD");
        assertThat(passwordAfterTwoReads(user, u[1], () -> assertThat(admin.put("/api/v1/users/" + userId,
                Map.of("groups", List.of())).status()).isEqualTo(200))).isEqualTo(404);
    }

    @Test
    void deletedGroupDeniesItsMembersOnTheVeryNextRequest() {
        String tag = Users.unique("t");
        String[] u = userAndCredential(tag);
        ApiClient user = Users.create(admin, anonymous, u[0]);
        String group = Users.unique("g");
        String groupId = groupGrantedPasswordsOf(tag, group, u[0]);
        assertThat(passwordAfterTwoReads(user, u[1], () ->
                assertThat(admin.delete("/api/v1/groups/" + groupId).status()).isEqualTo(204))).isEqualTo(404);
    }

    @Test
    void newPolicyAllowsTheVeryNextRequest() {
        String tag = Users.unique("t");
        String[] u = userAndCredential(tag);
        ApiClient user = Users.create(admin, anonymous, u[0]);
        assertThat(user.get("/api/v1/credentials/" + u[1]).status()).isEqualTo(404);
        assertThat(user.get("/api/v1/credentials/" + u[1]).status()).isEqualTo(404);
        Users.grant(admin, "user:" + u[0], "tag:" + tag, "VIEW_PASSWORD");
        assertThat(user.get("/api/v1/credentials/" + u[1] + "/password").status()).isEqualTo(200);
    }

    /** A new group with this one member, granted VIEW_PASSWORD on the tag; returns the group's id. */
    private String groupGrantedPasswordsOf(String tag, String group, String member) {
        String groupId = admin.post("/api/v1/groups", Map.of("name", group, "members", List.of(member)))
                .json().get("id").asString();
        Users.grant(admin, "group:" + group, "tag:" + tag, "VIEW_PASSWORD");
        return groupId;
    }

    private int call(String route, Rule rule, Role role, Fixture f) {
        ApiClient client = f.clients().get(role);
        String[] login = f.logins().get(role);
        if (route.equals("POST /api/v1/auth/login")) {
            return anonymous.post("/api/v1/auth/login", Map.of("username", login[0], "password", login[1])).status();
        }
        if (route.equals("POST /api/v1/auth/logout")) {
            // Logging out revokes the token, so a throw-away session of the same user logs out.
            return anonymous.login(login[0], login[1]).post("/api/v1/auth/logout", "").status();
        }
        Call c = rule.call().apply(f, role);
        return switch (c.method()) {
            case "GET" -> client.get(c.path()).status();
            case "DELETE" -> client.delete(c.path()).status();
            case "POST" -> client.post(c.path(), c.body()).status();
            case "PUT" -> client.put(c.path(), c.body()).status();
            default -> throw new IllegalArgumentException(c.method());
        };
    }
}
