package dev.cofre.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.cofre.crypto.Barrier;
import dev.cofre.crypto.Binding;
import dev.cofre.crypto.Ciphertext;
import dev.cofre.crypto.Secret;
import dev.cofre.totp.TotpGenerator;
import dev.cofre.totp.TotpSettings;
import dev.cofre.totp.TotpUri;

/**
 * TOTP second factor for Cofre's own users: enrolment (a pending seed confirmed with a code), verification with a
 * one-step tolerance either side, and replay protection: the accepted time step is stored per user, and the
 * primary key refuses a second use on any node, across restarts.
 */
@Component
class UserMfa {

    private static final TotpSettings SETTINGS = TotpSettings.defaults();

    private final JdbcClient jdbc;
    private final Barrier barrier;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    UserMfa(JdbcClient jdbc, Barrier barrier, Clock clock) {
        this.jdbc = jdbc;
        this.barrier = barrier;
        this.clock = clock;
    }

    boolean enabled(UUID userId) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ? AND mfa_seed_ct IS NOT NULL").param(userId)
                .query(Long.class).single() > 0;
    }

    MfaEnrolment start(UUID userId, String username) {
        byte[] raw = new byte[20];
        random.nextBytes(raw);
        try (Secret seed = Secret.wrap(raw)) {
            Ciphertext sealed = barrier.seal(seed, binding(userId, "mfa-pending"));
            jdbc.sql("UPDATE users SET mfa_pending_ct = ? WHERE id = ?").params(sealed.bytes(), userId).update();
            return new MfaEnrolment(TotpUri.build(seed, SETTINGS.withLabel("Cofre", username)));
        }
    }

    /** Confirms a pending enrolment with a code from the new authenticator; false when the code is wrong. */
    boolean confirm(UUID userId, String code) {
        Optional<byte[]> pending = column(userId, "mfa_pending_ct");
        if (pending.isEmpty()) {
            return false;
        }
        try (Secret seed = barrier.open(Ciphertext.fromStored(pending.get()), binding(userId, "mfa-pending"))) {
            long step = matchingStep(seed, code);
            if (step < 0 || !markUsed(userId, step)) {
                return false;
            }
            Ciphertext sealed = barrier.seal(seed, binding(userId, "mfa-seed"));
            jdbc.sql("UPDATE users SET mfa_seed_ct = ?, mfa_pending_ct = NULL WHERE id = ?")
                    .params(sealed.bytes(), userId).update();
            return true;
        }
    }

    /**
     * @return true when the code is valid and unused
     * @throws TotpCodeReusedException when it is valid but was already accepted
     */
    boolean verify(UUID userId, String code) {
        Optional<byte[]> stored = column(userId, "mfa_seed_ct");
        if (stored.isEmpty()) {
            return false;
        }
        try (Secret seed = barrier.open(Ciphertext.fromStored(stored.get()), binding(userId, "mfa-seed"))) {
            long step = matchingStep(seed, code);
            if (step < 0) {
                return false;
            }
            if (!markUsed(userId, step)) {
                throw new TotpCodeReusedException();
            }
            return true;
        }
    }

    void reset(UUID userId) {
        jdbc.sql("UPDATE users SET mfa_seed_ct = NULL, mfa_pending_ct = NULL WHERE id = ?").param(userId).update();
        jdbc.sql("DELETE FROM mfa_used_codes WHERE user_id = ?").param(userId).update();
    }

    private long matchingStep(Secret seed, String code) {
        if (code == null || !code.matches("\\d{6}")) {
            return -1;
        }
        long now = TotpGenerator.counter(clock.instant().getEpochSecond(), SETTINGS.period());
        long found = -1;
        try (TotpGenerator generator = TotpGenerator.of(seed, SETTINGS)) {
            // Check every candidate step (no early exit) so timing does not tell which one matched.
            for (long step = now - 1; step <= now + 1; step++) {
                String candidate = TotpGenerator.format(generator.hotp(step), SETTINGS.digits());
                if (MessageDigest.isEqual(candidate.getBytes(), code.getBytes()) && found < 0) {
                    found = step;
                }
            }
        }
        return found;
    }

    private boolean markUsed(UUID userId, long step) {
        jdbc.sql("DELETE FROM mfa_used_codes WHERE user_id = ? AND used_at < ?")
                .params(userId, clock.instant().minusSeconds(600).atOffset(ZoneOffset.UTC)).update();
        try {
            jdbc.sql("INSERT INTO mfa_used_codes (user_id, counter, used_at) VALUES (?, ?, ?)")
                    .params(userId, step, clock.instant().atOffset(ZoneOffset.UTC)).update();
            return true;
        } catch (DuplicateKeyException reused) {
            return false;
        }
    }

    private Optional<byte[]> column(UUID userId, String column) {
        return jdbc.sql("SELECT " + column + " FROM users WHERE id = ?").param(userId)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional().flatMap(o -> o);
    }

    private static Binding binding(UUID userId, String field) {
        return Binding.of("user:" + userId, field);
    }
}
