package dev.cofre.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scale data for issue 5 section 3, written with JDBC batches straight into a stopped server's database (H2 file
 * or PostgreSQL), and the audit-chain verification timed through Cofre's own {@link AuditTrail#verify()}.
 *
 * <pre>
 * load   URL USER PASSWORD MASTER_KEY_B64 CREDENTIALS USERS GROUPS POLICIES AUDIT_RECORDS
 *        tops every table up to the given totals (rows already there count), so 1k, 10k, 100k can be grown in steps
 * verify URL USER PASSWORD MASTER_KEY_B64
 * </pre>
 * The server must run with {@code COFRE_MASTER_KEY=MASTER_KEY_B64}: audit records are chained under
 * HMAC-SHA256(master key, "cofre/derive/v1|audit-chain"), exactly as {@code DerivedKeys} derives it. Listed-only
 * credentials have no secrets (NULL ciphertext): barrier ciphertext is bound to its row and is not needed to list.
 * Users get the admin's password hash (so a bench user logs in with the admin password). The user
 * {@code bench-user} is in no group and holds three policies of its own (tag, host pattern, id).
 */
public final class ScaleHarness {

    private ScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        try (Connection con = DriverManager.getConnection(url, args[2], args[3])) {
            byte[] auditKey = auditKey(Base64.getDecoder().decode(args[4]));
            if (args[0].equals("load")) {
                con.setAutoCommit(false);
                long t0 = System.nanoTime();
                users(con, Integer.parseInt(args[6]));
                groups(con, Integer.parseInt(args[7]));
                credentials(con, Integer.parseInt(args[5]));
                policies(con, Integer.parseInt(args[8]));
                audit(con, auditKey, Long.parseLong(args[9]));
                System.out.printf(Locale.ROOT, "LOADED in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            } else if (args[0].equals("verify")) {
                // A pool, not one shared connection: AuditTrail.verify() checks sequence ranges on parallel
                // threads, each with its own connection (as the server's Hikari pool gives them).
                com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
                ds.setJdbcUrl(url);
                ds.setUsername(args[2]);
                ds.setPassword(args[3]);
                ds.setMaximumPoolSize(6);
                TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(ds));
                readOnly.setReadOnly(true);
                // -Dverify.ranges / -Dverify.page override the product's defaults, to compare settings.
                AuditTrail trail = new AuditTrail(null, JdbcClient.create(ds), new JdbcTemplate(ds), readOnly,
                        new AuditChain(auditKey), List.of(), 100_000,
                        Integer.getInteger("verify.ranges",
                                AuditTrail.rangesFor(url.startsWith("jdbc:h2:") ? "H2" : "PostgreSQL")),
                        Integer.getInteger("verify.page", 10_000));
                long t0 = System.nanoTime();
                AuditVerification v = trail.verify();
                System.out.printf(Locale.ROOT, "VERIFY %s in %.2f s%n", v, (System.nanoTime() - t0) / 1e9);
                ds.close();
            } else {
                throw new IllegalArgumentException("load or verify");
            }
        }
    }

    static byte[] auditKey(byte[] masterKey) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
        return mac.doFinal("cofre/derive/v1|audit-chain".getBytes(StandardCharsets.UTF_8));
    }

    private static long count(Connection con, String table) throws Exception {
        try (Statement s = con.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static void users(Connection con, int total) throws Exception {
        String hash;
        try (Statement s = con.createStatement();
             ResultSet rs = s.executeQuery("SELECT password_hash FROM users WHERE username = 'admin'")) {
            rs.next();
            hash = rs.getString(1);
        }
        long have = count(con, "users");
        try (PreparedStatement ps = con.prepareStatement("INSERT INTO users (id, username, password_hash, admin, "
                + "enabled, created_at, updated_at) VALUES (?, ?, ?, FALSE, TRUE, ?, ?)")) {
            for (long i = have; i < total; i++) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, i == 1 ? "bench-user" : String.format(Locale.ROOT, "user%05d", i));
                ps.setString(3, hash);
                ps.setObject(4, now());
                ps.setObject(5, now());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        con.commit();
    }

    private static void groups(Connection con, int total) throws Exception {
        long have = count(con, "user_groups");
        List<UUID> userIds = new java.util.ArrayList<>();
        try (Statement s = con.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id FROM users WHERE admin = FALSE AND username <> 'bench-user' ORDER BY username")) {
            while (rs.next()) {
                userIds.add(rs.getObject(1, UUID.class));
            }
        }
        try (PreparedStatement g = con.prepareStatement("INSERT INTO user_groups (id, name, description, created_at, "
                + "updated_at) VALUES (?, ?, NULL, ?, ?)");
             PreparedStatement m = con.prepareStatement("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)")) {
            for (long i = have; i < total; i++) {
                UUID id = UUID.randomUUID();
                g.setObject(1, id);
                g.setString(2, String.format(Locale.ROOT, "group-%03d", i));
                g.setObject(3, now());
                g.setObject(4, now());
                g.addBatch();
                // Every user is in about 10 groups.
                for (int u = (int) i % 20; u < userIds.size(); u += 20) {
                    m.setObject(1, id);
                    m.setObject(2, userIds.get(u));
                    m.addBatch();
                }
            }
            g.executeBatch();
            m.executeBatch();
        }
        con.commit();
    }

    private static void credentials(Connection con, int total) throws Exception {
        long have = count(con, "credentials");
        OffsetDateTime at = now();
        try (PreparedStatement c = con.prepareStatement("INSERT INTO credentials (id, name, name_key, type, username, "
                + "host, port, url, description, password_ct, totp_seed_ct, totp_algorithm, totp_digits, totp_period, "
                + "totp_issuer, totp_account, search_text, created_at, updated_at, version) "
                + "VALUES (?, ?, ?, 'ssh', ?, ?, 22, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, 1)");
             PreparedStatement t = con.prepareStatement(
                     "INSERT INTO credential_tags (credential_id, tag) VALUES (?, ?)")) {
            for (long i = have; i < total; i++) {
                UUID id = UUID.randomUUID();
                String name = String.format(Locale.ROOT, "srv-%06d-%s", i, i % 3 == 0 ? "db" : "app");
                String user = "svc" + (i % 997);
                String host = String.format(Locale.ROOT, "host-%d.dc%d.example.net", i, i % 10);
                String tag = "team-" + (i % 500);
                c.setObject(1, id);
                c.setString(2, name);
                c.setString(3, name.toLowerCase(Locale.ROOT));
                c.setString(4, user);
                c.setString(5, host);
                c.setString(6, String.join("\n", name, user, host, "ssh", tag).toLowerCase(Locale.ROOT));
                c.setObject(7, at);
                c.setObject(8, at);
                c.addBatch();
                t.setObject(1, id);
                t.setString(2, tag);
                t.addBatch();
                if ((i + 1) % 5000 == 0) {
                    c.executeBatch();
                    t.executeBatch();
                    con.commit();
                }
            }
            c.executeBatch();
            t.executeBatch();
        }
        con.commit();
        hostKeys(con);
        keptCount(con);
    }

    /**
     * Sets the kept total (V13; the application moves it with every insert and delete) where the schema has it,
     * so that the same harness loads a build from before V13 as well.
     */
    private static void keptCount(Connection con) throws Exception {
        if (!hasTable(con, "credential_count")) {
            return;
        }
        try (Statement s = con.createStatement()) {
            s.executeUpdate("UPDATE credential_count SET total = CASE WHEN slot = 0 "
                    + "THEN (SELECT COUNT(*) FROM credentials) ELSE 0 END");
        }
        con.commit();
    }

    private static boolean hasTable(Connection con, String table) throws Exception {
        try (ResultSet tables = con.getMetaData().getTables(null, null, "%", null)) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Fills {@code host_key}/{@code host_rev} (V9; the application writes them with every host) where the schema
     * has them, so that the same harness loads a build from before V9 as well.
     */
    private static void hostKeys(Connection con) throws Exception {
        boolean has;
        try (ResultSet cols = con.getMetaData().getColumns(null, null, "%", "%")) {
            has = false;
            while (cols.next()) {
                has |= cols.getString("TABLE_NAME").equalsIgnoreCase("credentials")
                        && cols.getString("COLUMN_NAME").equalsIgnoreCase("host_rev");
            }
        }
        if (!has) {
            return;
        }
        try (Statement s = con.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT id, host FROM credentials WHERE host IS NOT NULL AND host_key IS NULL");
             PreparedStatement u = con.prepareStatement(
                     "UPDATE credentials SET host_key = ?, host_rev = ? WHERE id = ?")) {
            int n = 0;
            while (rs.next()) {
                String key = rs.getString(2).toLowerCase(Locale.ROOT);
                u.setString(1, key);
                u.setString(2, new StringBuilder(key).reverse().toString());
                u.setObject(3, rs.getObject(1));
                u.addBatch();
                if (++n % 5000 == 0) {
                    u.executeBatch();
                }
            }
            u.executeBatch();
        }
        con.commit();
    }

    private static void policies(Connection con, int total) throws Exception {
        long have = count(con, "policies");
        UUID someCredential;
        try (Statement s = con.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM credentials ORDER BY name_key LIMIT 1 OFFSET 7")) {
            rs.next();
            someCredential = rs.getObject(1, UUID.class);
        }
        try (PreparedStatement p = con.prepareStatement("INSERT INTO policies (id, name, description, permissions, "
                + "created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?)");
             PreparedStatement s = con.prepareStatement(
                     "INSERT INTO policy_subjects (policy_id, kind, name) VALUES (?, ?, ?)");
             PreparedStatement t = con.prepareStatement(
                     "INSERT INTO policy_targets (policy_id, selector) VALUES (?, ?)")) {
            for (long i = have; i < total; i++) {
                UUID id = UUID.randomUUID();
                p.setObject(1, id);
                p.setString(2, String.format(Locale.ROOT, "policy-%05d", i));
                p.setString(3, i % 2 == 0 ? "VIEW_PASSWORD,START_SESSION" : "START_SESSION");
                p.setObject(4, now());
                p.setObject(5, now());
                p.addBatch();
                s.setObject(1, id);
                String target;
                if (i < 3) { // bench-user's own three policies
                    s.setString(2, "user");
                    s.setString(3, "bench-user");
                    target = i == 0 ? "tag:team-7" : i == 1 ? "host:host-1*.dc1.example.net" : "id:" + someCredential;
                } else {
                    s.setString(2, "group");
                    s.setString(3, String.format(Locale.ROOT, "group-%03d", i % 200));
                    target = "tag:team-" + (i % 500);
                }
                s.addBatch();
                t.setObject(1, id);
                t.setString(2, target);
                t.addBatch();
            }
            p.executeBatch();
            s.executeBatch();
            t.executeBatch();
        }
        con.commit();
    }

    private static void audit(Connection con, byte[] key, long total) throws Exception {
        long seq;
        byte[] previous;
        try (Statement s = con.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")) {
            rs.next();
            seq = rs.getLong(1);
            previous = rs.getBytes(2) == null ? AuditChain.GENESIS : rs.getBytes(2); // NULL on an empty trail (main)
        }
        AuditChain chain = new AuditChain(key);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID actorId = UUID.randomUUID();
        try (PreparedStatement ps = con.prepareStatement("""
                INSERT INTO audit_events (seq, at, actor, actor_id, via, action, credential_id, target, outcome,
                    ip, user_agent, detail, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            while (seq < total) {
                AuditEvent e = new AuditEvent(++seq, at.plusNanos(seq * 1000), "user" + (seq % 1000), actorId,
                        "token:bench", AuditAction.TOKEN_VIEW, UUID.randomUUID(), "srv-" + (seq % 100_000),
                        AuditOutcome.SUCCESS, "10.0.0." + (seq % 250), "wrk", null);
                byte[] hash = chain.link(previous, e);
                ps.setLong(1, e.seq());
                ps.setObject(2, e.at().atOffset(ZoneOffset.UTC));
                ps.setString(3, e.actor());
                ps.setObject(4, e.actorId());
                ps.setString(5, e.via());
                ps.setString(6, e.action().name());
                ps.setObject(7, e.credentialId());
                ps.setString(8, e.target());
                ps.setString(9, e.outcome().name());
                ps.setString(10, e.ip());
                ps.setString(11, e.userAgent());
                ps.setString(12, e.detail());
                ps.setBytes(13, previous);
                ps.setBytes(14, hash);
                ps.addBatch();
                previous = hash;
                if (seq % 5000 == 0) {
                    ps.executeBatch();
                    head(con, seq, previous);
                    con.commit();
                }
            }
            ps.executeBatch();
            head(con, seq, previous);
            con.commit();
        }
    }

    private static void head(Connection con, long seq, byte[] hash) throws Exception {
        try (PreparedStatement ps = con.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setBytes(2, hash);
            ps.executeUpdate();
        }
    }
}
