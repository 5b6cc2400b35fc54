package dev.cofre.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Quick loop for the cost of reading the audit trail (issue 5, verify on H2): times ways of reading 1M records
 * from a database left by {@code bench/scale.sh} or {@code ScaleHarness load}, one variant per argument.
 *
 * <pre>java -cp ... dev.cofre.audit.VerifyProbe URL USER PASSWORD MASTER_KEY_B64 variant...</pre>
 * Variants: {@code star} (SELECT *, full mapping), {@code cols} (canonical columns, getters by index, no hashing),
 * {@code lazy-star}, {@code lazy-cols} (same with H2's LAZY_QUERY_EXECUTION), {@code lazy-hash} (and HMAC),
 * {@code chunkN} (keyset pages of N records hashed as {@link AuditTrail} does). The lazy mode is 3x faster than a
 * materialised result on H2 but failed in the server with "Chunk not found" (h2database#4142) under concurrent
 * writes, so the product uses pages.
 */
public final class VerifyProbe {

    private VerifyProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] key = ScaleHarness.auditKey(Base64.getDecoder().decode(args[3]));
        try (Connection con = DriverManager.getConnection(args[0], args[1], args[2])) {
            con.setAutoCommit(false);
            con.setReadOnly(true);
            for (int i = 4; i < args.length; i++) {
                long t0 = System.nanoTime();
                long n = run(con, args[i], key);
                System.out.printf(Locale.ROOT, "%-12s %d rows in %.2f s%n", args[i], n, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Keyset pages of {@code size} rows, each an ordinary (materialised) query, hashed as in AuditTrail. */
    private static long chunked(Connection con, int size, byte[] key) throws Exception {
        AuditChain.Linker linker = new AuditChain(key).linker();
        long n = 0;
        long after = 0;
        long sink = 0;
        try (PreparedStatement ps = con.prepareStatement("SELECT " + AuditChain.COLUMNS
                + " FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            while (true) {
                ps.setLong(1, after);
                ps.setLong(2, Long.MAX_VALUE);
                ps.setInt(3, size);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        sink += linker.link(rs.getBytes(13), rs)[0] + rs.getBytes(14).length;
                    }
                }
                con.commit();
                n += rows;
                if (rows < size) {
                    break;
                }
            }
        }
        return n + (sink == 42 ? 1 : 0);
    }

    private static long run(Connection con, String variant, byte[] key) throws Exception {
        if (variant.startsWith("chunk")) {
            return chunked(con, Integer.parseInt(variant.substring(5)), key);
        }
        boolean lazy = variant.startsWith("lazy-");
        String v = lazy ? variant.substring(5) : variant;
        try (Statement s = con.createStatement()) {
            s.execute("SET LAZY_QUERY_EXECUTION " + (lazy ? "TRUE" : "FALSE"));
        }
        String sql = v.equals("star") ? "SELECT * FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq"
                : "SELECT seq, at, actor, actor_id, via, action, credential_id, target, outcome, ip, user_agent, "
                + "detail, prev_hash, hash FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        long n = 0;
        long sink = 0;
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            ps.setLong(1, 1);
            ps.setLong(2, Long.MAX_VALUE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    if (v.equals("star")) {
                        AuditEvent e = AuditTrail.map(rs);
                        sink += AuditChain.canonical(e).length + rs.getBytes("hash").length;
                    } else if (v.equals("cols")) {
                        sink += rs.getLong(1);
                        sink += rs.getObject(2, OffsetDateTime.class).getNano();
                        for (int c = 3; c <= 12; c++) {
                            String x = rs.getString(c);
                            sink += x == null ? 0 : x.length();
                        }
                        sink += rs.getBytes(13).length + rs.getBytes(14).length;
                    } else if (v.equals("hash")) {
                        mac.update(rs.getBytes(13));
                        mac.update(Long.toString(rs.getLong(1)).getBytes(StandardCharsets.US_ASCII));
                        sink += rs.getObject(2, OffsetDateTime.class).getNano();
                        for (int c = 3; c <= 12; c++) {
                            String x = rs.getString(c);
                            if (x != null) {
                                mac.update(x.getBytes(StandardCharsets.UTF_8));
                            }
                        }
                        sink += mac.doFinal()[0] + rs.getBytes(14).length;
                    }
                }
            }
        }
        con.commit();
        return n + (sink == 42 ? 1 : 0);
    }
}
