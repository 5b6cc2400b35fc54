package dev.cofre.policy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Quick loop for the policy decision's query (issue 5, H2 at 10,000 policies): times {@code grantsFor}'s SQL with
 * bound parameters, as the server runs it, on a database left by {@code ScaleHarness load}, and prints its plan.
 *
 * <pre>java -cp ... dev.cofre.policy.GrantsProbe URL USER PASSWORD USERNAME [rounds]</pre>
 */
public final class GrantsProbe {

    /** The product's own query. */
    static final String UNION = PolicyRepository.GRANTS_FOR;

    private GrantsProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
        try (Connection con = DriverManager.getConnection(args[0], args[1], args[2])) {
            UUID userId;
            try (PreparedStatement ps = con.prepareStatement("SELECT id FROM users WHERE username = ?")) {
                ps.setString(1, args[3]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    userId = rs.getObject(1, UUID.class);
                }
            }
            try (PreparedStatement ps = con.prepareStatement("EXPLAIN ANALYZE " + UNION)) {
                ps.setString(1, args[3]);
                ps.setObject(2, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    System.out.println(rs.getString(1));
                }
            }
            for (int round = 0; round < 2; round++) { // the first round warms up
                long[] t = new long[rounds];
                int rows = 0;
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    // A new statement each time, as JdbcClient does (H2 caches the parsed query per session).
                    try (PreparedStatement ps = con.prepareStatement(UNION)) {
                        ps.setString(1, args[3]);
                        ps.setObject(2, userId);
                        try (ResultSet rs = ps.executeQuery()) {
                            rows = 0;
                            while (rs.next()) {
                                rs.getString(1);
                                rs.getString(2);
                                rows++;
                            }
                        }
                    }
                    t[i] = System.nanoTime() - t0;
                }
                Arrays.sort(t);
                System.out.printf(Locale.ROOT, "round %d, %d rows: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms%n", round,
                        rows, t[rounds / 2] / 1e6, t[rounds * 9 / 10] / 1e6, t[rounds * 99 / 100] / 1e6);
            }
        }
    }
}
