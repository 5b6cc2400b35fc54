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
    private static final int MAX_CACHED = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final long cacheNanos;
    // Resolved tokens for a few seconds, so a bearer request does not always cost a query. A revocation on another
    // node takes effect here within that time (cofre.auth.token-cache).
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Cached(Resolved resolved, Instant expiresAt, long loadedAt) {
    }

    @org.springframework.beans.factory.annotation.Autowired
    ApiTokens(JdbcClient jdbc, Clock clock, AuthProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheNanos = properties.tokenCache().toNanos();
    }

    /** Without a cache (tests of the table itself). */
    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cacheNanos = 0;
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
        byte[] hash = sha256(token);
        String key = java.util.HexFormat.of().formatHex(hash);
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.loadedAt() < cacheNanos && cached.expiresAt().isAfter(clock.instant())) {
            return Optional.of(cached.resolved());
        }
        Optional<Row> row = load(hash);
        Optional<Resolved> resolved = row.map(r -> new Resolved(r.tokenId(), r.user()));
        if (resolved.isPresent() && cacheNanos > 0) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, new Cached(resolved.get(), row.get().expiresAt(), now));
        } else {
            cache.remove(key);
        }
        return resolved;
    }

    /** Drops cached resolutions of one user's tokens (after a revocation, disabling or deletion on this node). */
    void forgetUser(UUID userId) {
        cache.values().removeIf(c -> c.resolved().user().id().equals(userId));
    }

    private Optional<Row> load(byte[] hash) {
        return jdbc.sql("""
                SELECT t.id AS token_id, t.expires_at, t.revoked_at, u.*
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = ?""")
                .param(hash)
                .query((rs, n) -> new Row(rs.getObject("token_id", UUID.class), UserRepository.map(rs),
                        rs.getObject("revoked_at") == null,
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional()
                .filter(row -> row.unrevoked() && row.expiresAt().isAfter(clock.instant()) && row.user().enabled());
    }

    void revoke(UUID tokenId) {
        cache.values().removeIf(c -> c.resolved().tokenId().equals(tokenId));
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
