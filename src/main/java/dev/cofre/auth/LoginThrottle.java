package dev.cofre.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing, in the database so every node sees the same counts. Three counters:
 * <ul>
 * <li>per address and account: after 5 failures, locked with doubling back-off (30 s up to 15 min);</li>
 * <li>per address: after 30 failures in 15 min, locked for 15 min;</li>
 * <li>per account: after 50 failures in 15 min, locked for 15 min, but not for addresses the owner has logged in
 * from before, so an attacker cannot keep the admin out for good.</li>
 * </ul>
 */
@Component
class LoginThrottle {

    static final int PAIR_LIMIT = 5;
    static final int IP_LIMIT = 30;
    static final int USER_LIMIT = 50;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @throws RateLimitedException when any counter applying to this attempt is locked */
    void check(String username, String ip, UUID knownUserId) {
        Instant now = clock.instant();
        long wait = Math.max(lockedFor(pairKey(username, ip), now), lockedFor(ipKey(ip), now));
        if (knownUserId == null || !isKnownSource(knownUserId, ip)) {
            wait = Math.max(wait, lockedFor(userKey(username), now));
        }
        if (wait > 0) {
            throw new RateLimitedException(wait);
        }
    }

    void failed(String username, String ip) {
        Instant now = clock.instant();
        int pair = bump(pairKey(username, ip), now);
        if (pair >= PAIR_LIMIT) {
            long seconds = Math.min(MAX_LOCK.toSeconds(), 30L << Math.min(10, pair - PAIR_LIMIT));
            lock(pairKey(username, ip), now.plusSeconds(seconds));
        }
        if (bump(ipKey(ip), now) >= IP_LIMIT) {
            lock(ipKey(ip), now.plus(MAX_LOCK));
        }
        if (bump(userKey(username), now) >= USER_LIMIT) {
            lock(userKey(username), now.plus(MAX_LOCK));
        }
    }

    void succeeded(UUID userId, String username, String ip) {
        jdbc.sql("DELETE FROM login_attempts WHERE attempt_key = ?").param(pairKey(username, ip)).update();
        if (ip == null) {
            return;
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        if (jdbc.sql("UPDATE login_known_sources SET last_success = ? WHERE user_id = ? AND ip = ?")
                .params(now, userId, ip).update() == 0) {
            try {
                jdbc.sql("INSERT INTO login_known_sources (user_id, ip, last_success) VALUES (?, ?, ?)")
                        .params(userId, ip, now).update();
            } catch (DuplicateKeyException concurrentLogin) {
                // another node recorded it first
            }
        }
    }

    private boolean isKnownSource(UUID userId, String ip) {
        return ip != null && jdbc.sql("SELECT COUNT(*) FROM login_known_sources WHERE user_id = ? AND ip = ? "
                + "AND last_success > ?").params(userId, ip, clock.instant().minus(Duration.ofDays(90))
                .atOffset(ZoneOffset.UTC)).query(Long.class).single() > 0;
    }

    private long lockedFor(String key, Instant now) {
        return jdbc.sql("SELECT locked_until FROM login_attempts WHERE attempt_key = ?").param(key)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .optional().flatMap(o -> o)
                .map(OffsetDateTime::toInstant)
                .filter(until -> until.isAfter(now))
                .map(until -> Duration.between(now, until).toSeconds() + 1)
                .orElse(0L);
    }

    private int bump(String key, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        OffsetDateTime windowStart = now.minus(WINDOW).atOffset(ZoneOffset.UTC);
        // A count whose window has passed starts again at 1.
        int updated = jdbc.sql("""
                UPDATE login_attempts SET
                    failures = CASE WHEN first_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)
                                    THEN 1 ELSE failures + 1 END,
                    first_failure_at = CASE WHEN first_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)
                                    THEN ? ELSE first_failure_at END
                WHERE attempt_key = ?""")
                .params(windowStart, at, windowStart, at, at, key).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO login_attempts (attempt_key, failures, first_failure_at) VALUES (?, 1, ?)")
                        .params(key, at).update();
            } catch (DuplicateKeyException race) {
                return bump(key, now);
            }
        }
        return jdbc.sql("SELECT failures FROM login_attempts WHERE attempt_key = ?").param(key).query(Integer.class)
                .single();
    }

    private void lock(String key, Instant until) {
        jdbc.sql("UPDATE login_attempts SET locked_until = ? WHERE attempt_key = ?")
                .params(until.atOffset(ZoneOffset.UTC), key).update();
    }

    private static String pairKey(String username, String ip) {
        return "pair:" + clip(username) + "|" + ip;
    }

    private static String ipKey(String ip) {
        return "ip:" + ip;
    }

    private static String userKey(String username) {
        return "user:" + clip(username);
    }

    /** Usernames are stored hashed: a password typed into the username field must not land in the database. */
    private static String clip(String username) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(username.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
