package dev.cofre.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.JsonNode;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Oathtool;

/**
 * The REST API's behaviour, run against a real server over HTTP. Concrete subclasses pick the storage (H2 or
 * PostgreSQL); the assertions are the same.
 */
abstract class CredentialApiContract extends CofreServerTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    static Map<String, Object> credential(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("type", "ssh");
        body.put("username", "root");
        body.put("password", "s3cret-" + name);
        body.put("host", "db1.prod.internal");
        body.put("port", 22);
        body.put("tags", List.of("Prod", "linux"));
        body.put("description", "primary database host");
        return body;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String create(Map<String, Object> body) {
        ApiClient.Response r = admin.post("/api/v1/credentials", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void loginReturnsBearerTokenWithExpiry() {
        ApiClient.Response r = anonymous.post("/api/v1/auth/login",
                Map.of("username", "admin", "password", ADMIN_PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("token").asString()).startsWith("cofre_");
        assertThat(Instant.parse(r.json().get("expiresAt").asString())).isAfter(Instant.now());
    }

    @Test
    void loginWithWrongPasswordIsRefusedWithoutSayingWhy() {
        ApiClient.Response wrong = anonymous.post("/api/v1/auth/login", Map.of("username", "admin", "password", "x"));
        ApiClient.Response unknown = anonymous.post("/api/v1/auth/login", Map.of("username", "nobody", "password", "x"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).isEqualTo(unknown.json().get("detail").asString());
        assertThat(wrong.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void apiWithoutValidTokenIsUnauthorized() {
        assertThat(anonymous.get("/api/v1/credentials").status()).isEqualTo(401);
        assertThat(anonymous.withToken("cofre_forged").get("/api/v1/credentials").status()).isEqualTo(401);
        assertThat(anonymous.withToken("cofre_" + "x".repeat(5_000)).get("/api/v1/credentials").status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheToken() {
        ApiClient session = anonymous.login("admin", ADMIN_PASSWORD);
        assertThat(session.get("/api/v1/credentials").status()).isEqualTo(200);
        assertThat(session.post("/api/v1/auth/logout", "").status()).isEqualTo(204);
        assertThat(session.get("/api/v1/credentials").status()).isEqualTo(401);
    }

    @Test
    void createdCredentialCarriesMetadataButNoSecret() {
        Map<String, Object> body = credential(unique("db"));
        body.put("totp", Map.of("secret", "jbsw y3dp-ehpk 3pxp jbsw y3dp ehpk 3pxp", "digits", 8));
        ApiClient.Response r = admin.post("/api/v1/credentials", body);

        assertThat(r.status()).isEqualTo(201);
        JsonNode json = r.json();
        assertThat(r.header("Location")).isEqualTo("/api/v1/credentials/" + json.get("id").asString());
        assertThat(json.get("hasPassword").asBoolean()).isTrue();
        assertThat(json.get("hasTotp").asBoolean()).isTrue();
        assertThat(json.get("totp").get("algorithm").asString()).isEqualTo("SHA1");
        assertThat(json.get("totp").get("digits").asInt()).isEqualTo(8);
        assertThat(json.get("totp").get("period").asInt()).isEqualTo(30);
        assertThat(json.get("tags").toString()).isEqualTo("[\"linux\",\"prod\"]");
        assertThat(r.body()).doesNotContain("s3cret-").doesNotContainIgnoringCase("JBSWY3DP");
        assertThat(json.has("password")).isFalse();
    }

    @Test
    void smallAnswersGoOutInOnePieceWithTheirLengthAndLargeOnesStillStreamWhole() {
        Map<String, Object> body = credential(unique("onepiece"));
        body.put("totp", Map.of("secret", SEED));
        String id = create(body);
        ApiClient.Response token = admin.get("/api/v1/credentials/" + id + "/totp");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.header("Transfer-Encoding")).isNull();
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(token.header("Content-Type")).startsWith("application/json");
        ApiClient.Response password = admin.get("/api/v1/credentials/" + id + "/password");
        assertThat(password.header("Cache-Control")).contains("no-store");
        assertThat(password.header("Content-Length"))
                .isEqualTo(String.valueOf(password.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        ApiClient.Response missing = admin.get("/api/v1/credentials/" + UUID.randomUUID() + "/totp");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(token.header("Content-Length"))
                .isEqualTo(String.valueOf(token.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        ApiClient.Response unauthorized = anonymous.get("/api/v1/credentials/" + id + "/totp");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("Content-Length")).isNotNull();
        // Far beyond the container's 8 KiB buffer: written as it fills, complete at the end.
        for (int i = 0; i < 60; i++) {
            assertThat(admin.get("/api/v1/credentials/" + id + "/totp").status()).isEqualTo(200);
        }
        ApiClient.Response export = admin.get("/api/v1/audit/export?action=TOKEN_VIEW&credentialId=" + id);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().length()).isGreaterThan(8 * 1024);
        assertThat(export.body().lines().count()).isEqualTo(61);
        assertThat(export.body()).endsWith("}\n");
    }

    @Test
    void passwordEndpointReturnsTheStoredPassword() {
        String name = unique("pw");
        String id = create(credential(name));
        ApiClient.Response r = admin.get("/api/v1/credentials/" + id + "/password");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("password").asString()).isEqualTo("s3cret-" + name);
        assertThat(r.header("Cache-Control")).contains("no-store");
    }

    @Test
    void totpEndpointAgreesWithOathtool() {
        Map<String, Object> body = credential(unique("totp"));
        body.put("totp", Map.of("secret", SEED, "algorithm", "SHA256", "digits", 8, "period", 60));
        String id = create(body);

        JsonNode token = admin.get("/api/v1/credentials/" + id + "/totp").json();
        long from = Instant.parse(token.get("validFrom").asString()).getEpochSecond();
        long until = Instant.parse(token.get("validUntil").asString()).getEpochSecond();

        assertThat(token.get("code").asString()).isEqualTo(Oathtool.totp(SEED, "SHA256", 8, 60, from));
        assertThat(until - from).isEqualTo(60);
        assertThat(from % 60).isZero();
        assertThat(token.get("secondsRemaining").asLong()).isBetween(1L, 60L);
        assertThat(token.get("algorithm").asString()).isEqualTo("SHA256");
        assertThat(token.get("digits").asInt()).isEqualTo(8);
        assertThat(token.get("period").asInt()).isEqualTo(60);
        if (token.has("next") && !token.get("next").isNull()) {
            assertThat(token.get("secondsRemaining").asLong()).isLessThanOrEqualTo(10);
            assertThat(token.get("next").get("code").asString()).isEqualTo(Oathtool.totp(SEED, "SHA256", 8, 60, until));
        } else {
            assertThat(token.get("secondsRemaining").asLong()).isGreaterThan(10);
        }
    }

    @Test
    void totpOfCredentialWithoutSecretIsNotFoundWithClearMessage() {
        String id = create(credential(unique("nototp")));
        ApiClient.Response r = admin.get("/api/v1/credentials/" + id + "/totp");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asString()).isEqualTo("This credential has no TOTP secret configured");
    }

    @Test
    void otpauthUriSetsSecretAndSettings() {
        Map<String, Object> body = credential(unique("uri"));
        body.put("totp", Map.of("uri",
                "otpauth://totp/ACME%20Co:alice@example.com?secret=" + SEED + "&issuer=ACME%20Co&algorithm=SHA512&digits=7&period=45"));
        JsonNode json = admin.post("/api/v1/credentials", body).json();
        assertThat(json.get("totp").get("algorithm").asString()).isEqualTo("SHA512");
        assertThat(json.get("totp").get("digits").asInt()).isEqualTo(7);
        assertThat(json.get("totp").get("period").asInt()).isEqualTo(45);
        assertThat(json.get("totp").get("issuer").asString()).isEqualTo("ACME Co");
        assertThat(json.get("totp").get("accountName").asString()).isEqualTo("alice@example.com");
    }

    @Test
    void updateThatOmitsSecretsKeepsThem() {
        String name = unique("keep");
        Map<String, Object> body = credential(name);
        body.put("totp", Map.of("secret", SEED));
        String id = create(body);

        Map<String, Object> update = credential(name);
        update.remove("password");
        update.put("username", "admin2");
        ApiClient.Response r = admin.put("/api/v1/credentials/" + id, update);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("username").asString()).isEqualTo("admin2");
        assertThat(r.json().get("hasTotp").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/credentials/" + id + "/password").json().get("password").asString())
                .isEqualTo("s3cret-" + name);
        assertThat(admin.get("/api/v1/credentials/" + id + "/totp").status()).isEqualTo(200);
    }

    @Test
    void updateCanReplaceAndRemoveSecretsAndChangeTotpSettings() {
        String name = unique("replace");
        Map<String, Object> body = credential(name);
        body.put("totp", Map.of("secret", SEED));
        String id = create(body);

        Map<String, Object> settingsOnly = credential(name);
        settingsOnly.put("password", "new-password");
        settingsOnly.put("totp", Map.of("digits", 8, "period", 60));
        JsonNode changed = admin.put("/api/v1/credentials/" + id, settingsOnly).json();
        assertThat(changed.get("totp").get("digits").asInt()).isEqualTo(8);
        assertThat(changed.get("totp").get("period").asInt()).isEqualTo(60);
        JsonNode token = admin.get("/api/v1/credentials/" + id + "/totp").json();
        long from = Instant.parse(token.get("validFrom").asString()).getEpochSecond();
        assertThat(token.get("code").asString()).isEqualTo(Oathtool.totp(SEED, "SHA1", 8, 60, from));
        assertThat(admin.get("/api/v1/credentials/" + id + "/password").json().get("password").asString())
                .isEqualTo("new-password");

        Map<String, Object> remove = credential(name);
        remove.remove("password");
        remove.put("removePassword", true);
        remove.put("removeTotp", true);
        JsonNode removed = admin.put("/api/v1/credentials/" + id, remove).json();
        assertThat(removed.get("hasPassword").asBoolean()).isFalse();
        assertThat(removed.get("hasTotp").asBoolean()).isFalse();
        assertThat(admin.get("/api/v1/credentials/" + id + "/totp").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/credentials/" + id + "/password").status()).isEqualTo(404);
    }

    @Test
    void listSearchesAndPages() {
        String marker = unique("findme");
        for (int i = 0; i < 5; i++) {
            create(credential(marker + "-" + i));
        }
        JsonNode page0 = admin.get("/api/v1/credentials?q=" + marker.toUpperCase() + "&size=2&page=0").json();
        JsonNode page2 = admin.get("/api/v1/credentials?q=" + marker + "&size=2&page=2").json();

        assertThat(page0.get("total").asLong()).isEqualTo(5);
        assertThat(page0.get("items").size()).isEqualTo(2);
        assertThat(page0.get("items").get(0).get("name").asString()).isEqualTo(marker + "-0");
        assertThat(page2.get("items").size()).isEqualTo(1);
        assertThat(page2.get("items").get(0).get("name").asString()).isEqualTo(marker + "-4");
        JsonNode desc = admin.get("/api/v1/credentials?q=" + marker + "&sort=name&direction=desc&size=1").json();
        assertThat(desc.get("items").get(0).get("name").asString()).isEqualTo(marker + "-4");
    }

    @Test
    void adminTotalStaysExactThroughCreatesRefusedCreatesDeletesAndConcurrentCreates() throws Exception {
        long before = adminTotal();
        assertThat(before).isEqualTo(rowsInTable());
        String name = unique("counted");
        String first = create(credential(name));
        create(credential(name + "-2"));
        assertThat(admin.post("/api/v1/credentials", credential(name.toUpperCase())).status()).isEqualTo(409);
        Map<String, Object> invalid = credential(unique("counted-bad"));
        invalid.put("port", 70000);
        assertThat(admin.post("/api/v1/credentials", invalid).status()).isEqualTo(400);
        assertThat(adminTotal()).isEqualTo(before + 2);
        assertThat(admin.delete("/api/v1/credentials/" + first).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/credentials/" + first).status()).isEqualTo(404);
        assertThat(adminTotal()).isEqualTo(before + 1);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Map<String, Object> body = credential(name + "-c" + i);
                answers.add(pool.submit(() -> admin.post("/api/v1/credentials", body).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(adminTotal()).isEqualTo(before + 41).isEqualTo(rowsInTable());
        // The searched total is counted, not kept: both agree.
        assertThat(admin.get("/api/v1/credentials?q=" + name + "&size=1").json().get("total").asLong()).isEqualTo(41);
    }

    long adminTotal() {
        return admin.get("/api/v1/credentials?size=1").json().get("total").asLong();
    }

    long rowsInTable() {
        return jdbc.sql("SELECT COUNT(*) FROM credentials").query(Long.class).single();
    }

    @Test
    void userListShowsOnlyWhatPoliciesGrantWithExactTotals() {
        String tag = unique("team").toLowerCase();
        String host = unique("h").toLowerCase() + ".db.internal";
        for (int i = 0; i < 3; i++) {
            Map<String, Object> tagged = credential(unique("tagged"));
            tagged.put("tags", List.of(tag));
            create(tagged);
        }
        Map<String, Object> byHost = credential(unique("hosted"));
        byHost.put("host", host);
        create(byHost);
        create(credential(unique("hidden")));
        String user = dev.cofre.support.Users.unique("lister");
        ApiClient client = dev.cofre.support.Users.create(admin, anonymous, user);
        dev.cofre.support.Users.grant(admin, "user:" + user, "tag:" + tag, "VIEW_PASSWORD");
        dev.cofre.support.Users.grant(admin, "user:" + user, "host:*" + host.substring(host.indexOf('.')), "START_SESSION");

        JsonNode page = client.get("/api/v1/credentials?size=2").json();
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(client.get("/api/v1/credentials?size=2&page=1").json().get("items").size()).isEqualTo(2);
        assertThat(client.get("/api/v1/credentials?size=2&page=2").json().get("total").asLong()).isEqualTo(4);
        assertThat(client.get("/api/v1/credentials?q=hosted").json().get("total").asLong()).isEqualTo(1);
        assertThat(client.get("/api/v1/credentials?q=hidden").json().get("total").asLong()).isZero();
    }

    @Test
    void searchTreatsWildcardsLiterally() {
        create(credential(unique("literal")));
        JsonNode all = admin.get("/api/v1/credentials?q=%25&size=5").json();
        assertThat(all.get("total").asLong()).isZero();
    }

    @Test
    void duplicateNameIsAConflictIgnoringCase() {
        String name = unique("dup");
        create(credential(name));
        ApiClient.Response r = admin.post("/api/v1/credentials", credential(name.toUpperCase()));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("field").asString()).isEqualTo("name");
    }

    @Test
    void invalidBase32IsRejectedNamingThePositionAndNothingIsStored() {
        String name = unique("badseed");
        Map<String, Object> body = credential(name);
        body.put("totp", Map.of("secret", "JBSWY3DP1HPK3PXP"));
        ApiClient.Response r = admin.post("/api/v1/credentials", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("totp.secret");
        assertThat(r.json().get("detail").asString()).contains("position 9");
        assertThat(admin.get("/api/v1/credentials?q=" + name).json().get("total").asLong()).isZero();
    }

    @Test
    void badTotpSettingsAreRejectedNamingTheField() {
        Map<String, Object> body = credential(unique("badsettings"));
        body.put("totp", Map.of("secret", SEED, "digits", 11));
        assertThat(admin.post("/api/v1/credentials", body).json().get("field").asString()).isEqualTo("totp.digits");
        body.put("totp", Map.of("secret", SEED, "algorithm", "MD5"));
        assertThat(admin.post("/api/v1/credentials", body).json().get("field").asString()).isEqualTo("totp.algorithm");
        body.put("totp", Map.of("uri", "otpauth://hotp/x?secret=" + SEED + "&counter=1"));
        ApiClient.Response hotp = admin.post("/api/v1/credentials", body);
        assertThat(hotp.status()).isEqualTo(400);
        assertThat(hotp.json().get("field").asString()).startsWith("totp.uri");
    }

    @Test
    void malformedJsonIsABadRequest() {
        ApiClient.Response r = admin.send("POST", "/api/v1/credentials", "application/json", "{\"name\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void wrongTypeIsABadRequestNamingTheField() {
        ApiClient.Response r = admin.send("POST", "/api/v1/credentials", "application/json",
                "{\"name\": \"x\", \"port\": \"twenty-two\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().has("field")).as(r.body()).isTrue();
        assertThat(r.json().get("field").asString()).isEqualTo("port");
        assertThat(r.body()).doesNotContain("twenty-two");
    }

    @Test
    void unknownFieldIsRejectedSoATypoCannotDropASecret() {
        ApiClient.Response r = admin.send("POST", "/api/v1/credentials", "application/json",
                "{\"name\": \"x\", \"pasword\": \"oops\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().has("field")).as(r.body()).isTrue();
        assertThat(r.json().get("field").asString()).isEqualTo("pasword");
    }

    @Test
    void onlyJsonIsReadOrWrittenSoNoSecondParserCanDropAField() {
        for (String type : List.of("application/yaml", "application/xml", "text/xml")) {
            ApiClient.Response created = admin.send("POST", "/api/v1/credentials", type,
                    type.contains("yaml") ? "name: other-format\npasword: oops\n"
                            : "<credential><name>other-format</name><pasword>oops</pasword></credential>");
            assertThat(created.status()).as(type).isEqualTo(415);
            assertThat(created.header("Content-Type")).startsWith("application/problem+json");
            assertThat(created.body()).doesNotContain("oops");

            ApiClient.Response listed = admin.send(admin.request("/api/v1/credentials").header("Accept", type));
            assertThat(listed.status()).as(type).isEqualTo(406);
            assertThat(listed.body()).doesNotContain("items");
        }
        assertThat(admin.get("/api/v1/credentials?q=other-format").json().get("total").asLong()).isZero();
    }

    @Test
    void oversizedBodyIsRefused() {
        String big = "{\"name\": \"x\", \"description\": \"" + "a".repeat(200_000) + "\"}";
        assertThat(admin.send("POST", "/api/v1/credentials", "application/json", big).status()).isEqualTo(413);
    }

    @Test
    void invalidFieldsAreRejectedAndNothingIsStored() {
        String name = unique("fields");
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(
                Map.entry("port", 70000), Map.entry("type", "mainframe"), Map.entry("url", "javascript:alert(1)"),
                Map.entry("host", "db host"), Map.entry("tags", List.of("ok", "Bad Tag!")),
                Map.entry("username", "a\u0000b"))) {
            Map<String, Object> body = credential(name);
            body.put(bad.getKey(), bad.getValue());
            ApiClient.Response r = admin.post("/api/v1/credentials", body);
            assertThat(r.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(r.json().get("field").asString()).isEqualTo(bad.getKey());
        }
        Map<String, Object> noName = credential(name);
        noName.remove("name");
        assertThat(admin.post("/api/v1/credentials", noName).json().get("field").asString()).isEqualTo("name");
        assertThat(admin.get("/api/v1/credentials?q=" + name).json().get("total").asLong()).isZero();
    }

    @Test
    void unknownOrMalformedIdIsNotFoundOrBadRequest() {
        assertThat(admin.get("/api/v1/credentials/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/credentials/not-a-uuid").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/credentials?size=0").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/credentials?page=-1").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/credentials?sort=password").status()).isEqualTo(400);
    }

    @Test
    void unknownApiPathIsAProblemDocument() {
        ApiClient.Response r = admin.get("/api/v1/credentials/" + UUID.randomUUID() + "/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void deletedCredentialIsGone() {
        String id = create(credential(unique("del")));
        assertThat(admin.delete("/api/v1/credentials/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/credentials/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/credentials/" + id).status()).isEqualTo(404);
    }

    @Test
    void healthAndOpenApiAnswerWithoutLogin() {
        assertThat(anonymous.get("/actuator/health").body()).contains("UP");
        ApiClient.Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/credentials/{id}/totp");
    }

    /** Kubernetes-style probes answer; metrics, which nothing exposes, are not recorded (they cost every start). */
    @Test
    void theProbesAnswerWithoutLoginAndNoMetricsAreRecordedForNobody() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            ApiClient.Response answer = anonymous.get(probe);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.body()).as(probe).contains("UP");
        }
        assertThat(context.getBeanNamesForType(MeterRegistry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(ObservationRegistry.class)).isEmpty();
        assertThat(anonymous.get("/actuator/metrics").status()).isNotEqualTo(200);
    }

    /**
     * Every sort column in both directions, with a search that hundreds of credentials match (so that each store
     * reads it in the sort's index order and counts it apart) and without one: pages in the documented order (the
     * column, empty values last either way, then the name) with the exact total on every page.
     */
    @Test
    void everySortPagesInItsOrderWithEmptyValuesLastEitherWayAndAnExactTotal() {
        String marker = "srt" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Random random = new Random(5);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            numbers.add(i);
        }
        Collections.shuffle(numbers, random); // created out of name order: "updated" and "name" differ
        List<JsonNode> made = new ArrayList<>();
        String[] types = {"ssh", "database", "web", "other"};
        for (int n : numbers) {
            Map<String, Object> body = new HashMap<>();
            // Fixed-width letters and digits only: byte order and a linguistic collation agree.
            body.put("name", marker + String.format("%03d", n));
            body.put("type", types[random.nextInt(types.length)]);
            if (random.nextInt(3) > 0) {
                body.put("username", String.format("u%02d", random.nextInt(40)));
            }
            if (random.nextInt(3) > 0) {
                body.put("host", String.format("h%02d", random.nextInt(40)));
            }
            ApiClient.Response r = admin.post("/api/v1/credentials", body);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            made.add(r.json());
        }
        analyze();
        Set<String> ours = new HashSet<>();
        made.forEach(c -> ours.add(c.get("id").asString()));

        Map<String, Function<JsonNode, String>> columns = new java.util.LinkedHashMap<>();
        columns.put("name", c -> c.get("name").asString());
        columns.put("username", c -> text(c, "username"));
        columns.put("host", c -> text(c, "host"));
        columns.put("type", c -> c.get("type").asString());
        columns.put("updated", c -> { // as text that sorts as the instants do
            Instant at = Instant.parse(c.get("updatedAt").asString());
            return String.format("%012d%09d", at.getEpochSecond(), at.getNano());
        });
        for (Map.Entry<String, Function<JsonNode, String>> column : columns.entrySet()) {
            for (boolean descending : new boolean[] {false, true}) {
                Comparator<String> values = descending ? Comparator.<String>reverseOrder() : Comparator.naturalOrder();
                Comparator<JsonNode> byName = Comparator.comparing(c -> c.get("name").asString());
                Comparator<JsonNode> order = Comparator.comparing(column.getValue(),
                        Comparator.nullsLast(values)).thenComparing(descending ? byName.reversed() : byName);
                List<String> expected = made.stream().sorted(order).map(c -> c.get("id").asString()).toList();
                String query = "sort=" + column.getKey() + "&direction=" + (descending ? "desc" : "asc");

                assertThat(pages(query + "&q=" + marker, 260)).as("%s, searched", query).isEqualTo(expected);
                assertThat(pages(query, -1).stream().filter(ours::contains).toList()).as("%s, everything", query)
                        .isEqualTo(expected);
            }
        }
    }

    /** Lets the database learn how many credentials a search matches (PostgreSQL's planner statistics). */
    void analyze() {
    }

    private static String text(JsonNode credential, String field) {
        JsonNode value = credential.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** Every page's ids in order; each page's total is {@code total} (or the same on every page when -1). */
    private List<String> pages(String query, long total) {
        List<String> ids = new ArrayList<>();
        long first = -1;
        for (int page = 0; page < 200; page++) {
            ApiClient.Response r = admin.get("/api/v1/credentials?size=47&page=" + page + "&" + query);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode json = r.json();
            long pageTotal = json.get("total").asLong();
            first = first < 0 ? pageTotal : first;
            assertThat(pageTotal).as("total of %s, page %d", query, page).isEqualTo(total < 0 ? first : total);
            if (json.get("items").isEmpty()) {
                assertThat(ids).as("every row of %s", query).hasSize((int) pageTotal);
                return ids;
            }
            json.get("items").forEach(item -> ids.add(item.get("id").asString()));
        }
        throw new AssertionError("more than 200 pages");
    }
}
