package dev.cofre.auth;

import java.time.Instant;
import java.util.UUID;

/** A Cofre user account. The password hash never leaves the auth package. */
public record User(UUID id, String username, boolean admin, boolean enabled, Instant createdAt) {
}
