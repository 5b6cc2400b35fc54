package dev.cofre.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Splits the cost of audit verification: the chain arithmetic alone (no database) over N records shaped like the
 * scale data, through {@link AuditChain#link} as shipped (a new Mac per record) and through one reused Mac (same
 * bytes, checked equal), so the database read's share of {@code AuditTrail.verify()} is what remains.
 *
 * <pre>java -cp ... dev.cofre.audit.ChainCost [records]</pre>
 */
public final class ChainCost {

    private ChainCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        byte[] key = new byte[32];
        AuditChain chain = new AuditChain(key);
        Mac reused = Mac.getInstance("HmacSHA256");
        reused.init(new SecretKeySpec(key, "HmacSHA256"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID actorId = UUID.randomUUID();
        AuditEvent[] events = new AuditEvent[n];
        for (int i = 0; i < n; i++) {
            events[i] = new AuditEvent(i + 1, at.plusNanos(i * 1000L), "user" + (i % 1000), actorId, "token:bench",
                    AuditAction.TOKEN_VIEW, UUID.randomUUID(), "srv-" + (i % 100_000), AuditOutcome.SUCCESS,
                    "10.0.0." + (i % 250), "wrk", null);
        }
        for (int round = 0; round < 3; round++) { // the last round is reported; the first ones warm up the JIT
            byte[] prev = AuditChain.GENESIS;
            long t0 = System.nanoTime();
            for (AuditEvent e : events) {
                prev = chain.link(prev, e);
            }
            long shipped = System.nanoTime() - t0;
            byte[] prev2 = AuditChain.GENESIS;
            t0 = System.nanoTime();
            for (AuditEvent e : events) {
                reused.update(prev2);
                reused.update(AuditChain.canonical(e));
                prev2 = reused.doFinal();
            }
            long fast = System.nanoTime() - t0;
            if (!AuditChain.same(prev, prev2)) {
                throw new IllegalStateException("chains differ");
            }
            System.out.printf(Locale.ROOT, "round %d: %d records: AuditChain.link (new Mac per record) %.2f s; "
                    + "one reused Mac %.2f s%n", round, n, shipped / 1e9, fast / 1e9);
        }
    }
}
