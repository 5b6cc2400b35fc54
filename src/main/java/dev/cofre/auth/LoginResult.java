package dev.cofre.auth;

import java.time.Instant;
import java.util.UUID;

/** A successful login: the bearer token (shown to the client once) and when it expires. */
public record LoginResult(UUID tokenId, String token, Instant expiresAt, User user) {

    @Override
    public String toString() {
        return "LoginResult[tokenId=" + tokenId + ", token=<masked>, expiresAt=" + expiresAt + "]";
    }
}
