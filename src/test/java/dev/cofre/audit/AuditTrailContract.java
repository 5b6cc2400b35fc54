package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Users;

/**
 * The audit trail through the running server: one record per act with the right fields, written before the answer
 * (and refusing the act when it cannot be), a chain that detects edits, deletions, insertions and reordering.
 * Tamper tests restore what they change, so the chain is valid again for the other tests. Every verification
 * through the API is repeated by a trail that checks tiny ranges on parallel threads, which must agree.
 */
abstract class AuditTrailContract extends CofreServerTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    AuditChain chain;

    String credential(String name) {
        ApiClient.Response r = admin.post("/api/v1/credentials", Map.of("name", name, "password", "pw-" + name,
                "totp", Map.of("secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    List<JsonNode> records(String query) {
        JsonNode page = admin.get("/api/v1/audit?size=500&" + query).json();
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    @Test
    void tokenViewLeavesExactlyOneRecordWithWhoWhatWhenWhere() {
        String id = credential(Users.unique("audited"));
        admin.get("/api/v1/credentials/" + id + "/totp");

        List<JsonNode> views = records("credentialId=" + id + "&action=TOKEN_VIEW");
        assertThat(views).hasSize(1);
        JsonNode r = views.get(0);
        assertThat(r.get("actor").asString()).isEqualTo("admin");
        assertThat(r.get("via").asString()).startsWith("token:");
        assertThat(r.get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(r.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(r.get("userAgent").asString()).contains("Java-http-client");
        assertThat(r.get("at").asString()).isNotBlank();
        assertThat(r.get("seq").asLong()).isPositive();
    }

    @Test
    void everyAuditedActLeavesOneRecord() {
        String name = Users.unique("acts");
        String id = credential(name);
        admin.get("/api/v1/credentials/" + id + "/password");
        admin.put("/api/v1/credentials/" + id, Map.of("name", name, "username", "changed"));
        String bob = Users.unique("bob");
        ApiClient bobClient = Users.create(admin, anonymous, bob);
        bobClient.get("/api/v1/credentials/" + id + "/totp");
        anonymous.post("/api/v1/auth/login", Map.of("username", bob, "password", "wrong-password-x"));
        bobClient.post("/api/v1/auth/logout", "");
        admin.delete("/api/v1/credentials/" + id);

        assertThat(records("credentialId=" + id + "&action=CREDENTIAL_CREATE")).hasSize(1);
        assertThat(records("credentialId=" + id + "&action=PASSWORD_VIEW")).hasSize(1);
        assertThat(records("credentialId=" + id + "&action=CREDENTIAL_UPDATE")).hasSize(1);
        assertThat(records("credentialId=" + id + "&action=CREDENTIAL_DELETE")).hasSize(1);
        List<JsonNode> denied = records("credentialId=" + id + "&action=TOKEN_VIEW");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("actor").asString()).isEqualTo(bob);
        assertThat(denied.get(0).get("outcome").asString()).isEqualTo("DENIED");
        List<JsonNode> logins = records("actor=" + bob + "&action=LOGIN");
        assertThat(logins).extracting(n -> n.get("outcome").asString()).containsExactlyInAnyOrder("SUCCESS", "FAILURE");
        assertThat(records("actor=" + bob + "&action=LOGOUT")).hasSize(1);
        assertThat(records("action=USER_CREATE").stream().filter(n -> n.get("target").asString().equals("user " + bob)))
                .hasSize(1);
    }

    @Test
    void recordsNeverHoldTheSecretsOrTheTypedPassword() {
        String name = Users.unique("nosecret");
        String id = credential(name);
        admin.get("/api/v1/credentials/" + id + "/password");
        anonymous.post("/api/v1/auth/login", Map.of("username", "Typed-Password-In-Username-1", "password", "x"));
        ApiClient.Response export = admin.get("/api/v1/audit/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(export.body()).contains(id).doesNotContain("pw-" + name).doesNotContain("JBSWY3DP")
                .doesNotContain("Typed-Password-In-Username-1");
        assertThat(export.body().lines()).allSatisfy(line -> assertThat(line).startsWith("{\"seq\":"));
    }

    @Test
    void chainVerifiesAndDetectsAnEditedRecord() {
        credential(Users.unique("chain"));
        assertThat(verify().get("valid").asBoolean()).isTrue();
        long seq = lastSeq() - 1;
        String detail = jdbc.sql("SELECT detail FROM audit_events WHERE seq = ?").param(seq).query(String.class)
                .optional().orElse(null);
        jdbc.sql("UPDATE audit_events SET detail = 'edited' WHERE seq = ?").param(seq).update();
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("brokenAt").asLong()).isEqualTo(seq);
        } finally {
            jdbc.sql("UPDATE audit_events SET detail = ? WHERE seq = ?").params(detail, seq).update();
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void chainDetectsADeletedRecord() {
        credential(Users.unique("deleted"));
        long seq = lastSeq() - 1;
        Map<String, Object> row = jdbc.sql("SELECT * FROM audit_events WHERE seq = ?").param(seq).query().singleRow();
        jdbc.sql("DELETE FROM audit_events WHERE seq = ?").param(seq).update();
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("brokenAt").asLong()).isEqualTo(seq);
        } finally {
            reinsert(row);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void chainDetectsReorderedRecords() {
        credential(Users.unique("reorder"));
        long a = lastSeq() - 2;
        long b = a + 1;
        swap(a, b);
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("brokenAt").asLong()).isEqualTo(a);
        } finally {
            swap(a, b);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void chainDetectsAnInsertedRecord() {
        credential(Users.unique("insert"));
        long last = lastSeq();
        Map<String, Object> copy = new java.util.HashMap<>(
                jdbc.sql("SELECT * FROM audit_events WHERE seq = ?").param(last).query().singleRow());
        // A forged record appended after the last one, chained on the real last hash but with a made-up hash.
        copy.put("seq", last + 1000);
        copy.put("prev_hash", copy.get("hash"));
        reinsert(copy);
        try {
            JsonNode broken = verify();
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("brokenAt").asLong()).isEqualTo(last + 1);
        } finally {
            jdbc.sql("DELETE FROM audit_events WHERE seq = ?").param(last + 1000).update();
        }
    }

    @Test
    void failingAuditStoreBlocksTheTokenView() {
        String id = credential(Users.unique("failclosed"));
        jdbc.sql("ALTER TABLE audit_events RENAME TO audit_events_offline").update();
        ApiClient.Response r;
        try {
            r = admin.get("/api/v1/credentials/" + id + "/totp");
        } finally {
            jdbc.sql("ALTER TABLE audit_events_offline RENAME TO audit_events").update();
        }
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).doesNotContain("\"code\"");
        assertThat(admin.get("/api/v1/credentials/" + id + "/totp").status()).isEqualTo(200);
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void fiftyParallelTokenViewsLeaveFiftyRecordsAndAValidChain() throws Exception {
        String id = credential(Users.unique("parallel"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> admin.get("/api/v1/credentials/" + id + "/totp").status()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admin.get("/api/v1/audit?size=1&action=TOKEN_VIEW&credentialId=" + id).json().get("total").asLong())
                .isEqualTo(50);
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void chainDetectsAnEditOfEveryColumnItCovers() {
        credential(Users.unique("columns"));
        long seq = lastSeq() - 1;
        Map<String, Object> row = lower(jdbc.sql("SELECT * FROM audit_events WHERE seq = ?").param(seq).query()
                .singleRow());
        Map<String, Object> edits = new java.util.LinkedHashMap<>();
        edits.put("at", jdbc.sql("SELECT at FROM audit_events WHERE seq = ?").param(seq)
                .query(java.time.OffsetDateTime.class).single().plusNanos(1_000)); // one microsecond later
        edits.put("actor", "mallory");
        edits.put("actor_id", java.util.UUID.randomUUID());
        edits.put("via", "token:forged");
        edits.put("action", "LOGIN".equals(row.get("action")) ? "LOGOUT" : "LOGIN");
        edits.put("credential_id", java.util.UUID.randomUUID());
        edits.put("target", "forged target");
        edits.put("outcome", "SUCCESS".equals(row.get("outcome")) ? "DENIED" : "SUCCESS");
        edits.put("ip", "203.0.113.9");
        edits.put("user_agent", "forged agent");
        edits.put("detail", "forged detail");
        edits.put("prev_hash", new byte[AuditChain.HASH_LENGTH]);
        edits.put("hash", new byte[AuditChain.HASH_LENGTH]);
        for (Map.Entry<String, Object> edit : edits.entrySet()) {
            String column = edit.getKey();
            Object original = column.equals("at") ? jdbc.sql("SELECT at FROM audit_events WHERE seq = ?").param(seq)
                    .query(java.time.OffsetDateTime.class).single() : row.get(column);
            assertThat(edit.getValue()).as(column).isNotEqualTo(original);
            jdbc.sql("UPDATE audit_events SET " + column + " = ? WHERE seq = ?").params(edit.getValue(), seq).update();
            try {
                JsonNode broken = verify();
                assertThat(broken.get("valid").asBoolean()).as(column).isFalse();
                assertThat(broken.get("brokenAt").asLong()).as(column).isEqualTo(seq);
            } finally {
                jdbc.sql("UPDATE audit_events SET " + column + " = ? WHERE seq = ?").params(original, seq).update();
            }
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void rangedVerificationFindsAnEditWhereverItFalls() {
        credential(Users.unique("joints"));
        long last = lastSeq();
        assertThat(ranged().valid()).isTrue();
        for (long seq = 1; seq <= last; seq++) { // every position: first, middle and last of each range and page
            String detail = jdbc.sql("SELECT detail FROM audit_events WHERE seq = ?").param(seq).query(String.class)
                    .optional().orElse(null);
            jdbc.sql("UPDATE audit_events SET detail = ? WHERE seq = ?").params("edited " + detail, seq).update();
            try {
                AuditVerification broken = ranged();
                assertThat(broken.valid()).as("seq %d", seq).isFalse();
                assertThat(broken.brokenAt()).as("seq %d", seq).isEqualTo(seq);
            } finally {
                jdbc.sql("UPDATE audit_events SET detail = ? WHERE seq = ?").params(detail, seq).update();
            }
        }
        assertThat(ranged().valid()).isTrue();
    }

    @Test
    void badFiltersAreRejected() {
        assertThat(admin.get("/api/v1/audit?action=EXPLODE").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/audit?from=yesterday").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/audit?size=100000").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/audit?credentialId=nope").status()).isEqualTo(400);
    }

    /** Verifies in ranges first (it writes nothing), then through the API (which records the verification). */
    private JsonNode verify() {
        AuditVerification ranged = ranged();
        JsonNode api = admin.get("/api/v1/audit/verify").json();
        assertThat(ranged.valid()).as("ranged verification agrees").isEqualTo(api.get("valid").asBoolean());
        if (!ranged.valid()) {
            assertThat(ranged.brokenAt()).as("ranged verification agrees").isEqualTo(api.get("brokenAt").asLong());
        }
        return api;
    }

    /**
     * The whole trail checked in 4 ranges on parallel threads, 3 records per query, however short it is, so the
     * joints between ranges and between pages are exercised.
     */
    private AuditVerification ranged() {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        readOnly.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new AuditTrail(null, jdbc, template, readOnly, chain, List.of(), 1, 4, 3).verify();
    }

    private long lastSeq() {
        return jdbc.sql("SELECT MAX(seq) FROM audit_events").query(Long.class).single();
    }

    private void swap(long a, long b) {
        jdbc.sql("UPDATE audit_events SET seq = -1 WHERE seq = ?").param(a).update();
        jdbc.sql("UPDATE audit_events SET seq = ? WHERE seq = ?").params(a, b).update();
        jdbc.sql("UPDATE audit_events SET seq = ? WHERE seq = -1").param(b).update();
    }

    private void reinsert(Map<String, Object> row) {
        jdbc.sql("""
                INSERT INTO audit_events (seq, at, actor, actor_id, via, action, credential_id, target, outcome, ip,
                    user_agent, detail, prev_hash, hash) VALUES (:seq, :at, :actor, :actor_id, :via, :action,
                    :credential_id, :target, :outcome, :ip, :user_agent, :detail, :prev_hash, :hash)""")
                .paramSource(new org.springframework.jdbc.core.namedparam.MapSqlParameterSource(lower(row)))
                .update();
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> m = new java.util.HashMap<>();
        row.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return m;
    }
}
