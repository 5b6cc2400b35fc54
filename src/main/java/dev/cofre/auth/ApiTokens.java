package dev.cofre.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Issues, resolves and revokes bearer tokens. A token is 256 random bits; only its SHA-256 is stored, so a
 * lookup is one indexed query and never a slow password hash on the request path.
 */
@Component
class ApiTokens {

    static final String PREFIX = "cofre_";
    private static final int MAX_TOKEN_LENGTH = 128;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Issued(UUID id, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[id=" + id + ", token=<masked>, expiresAt=" + expiresAt + "]";
        }
    }

    record Resolved(UUID tokenId, User user) {
    }

    private record Row(UUID tokenId, User user, boolean unrevoked, Instant expiresAt) {
    }

    Issued issue(UUID userId, String kind, java.time.Duration ttl) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO api_tokens (id, token_hash, user_id, kind, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, sha256(token), userId, kind, UserRepository.utc(now), UserRepository.utc(expiresAt))
                .update();
        return new Issued(id, token, expiresAt);
    }

    Optional<Resolved> resolve(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT t.id AS token_id, t.expires_at, t.revoked_at, u.*
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = ?""")
                .param(sha256(token))
                .query((rs, n) -> new Row(rs.getObject("token_id", UUID.class), UserRepository.map(rs),
                        rs.getObject("revoked_at") == null,
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional()
                .filter(row -> row.unrevoked() && row.expiresAt().isAfter(clock.instant()) && row.user().enabled())
                .map(row -> new Resolved(row.tokenId(), row.user()));
    }

    void revoke(UUID tokenId) {
        jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(UserRepository.utc(clock.instant()), tokenId).update();
    }

    /** Drops tokens that expired more than a day ago, so the table does not grow without bound. */
    int purgeExpired() {
        return jdbc.sql("DELETE FROM api_tokens WHERE expires_at < ?")
                .param(UserRepository.utc(clock.instant().minus(java.time.Duration.ofDays(1)))).update();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
