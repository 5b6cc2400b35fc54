package dev.cofre.credential;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.cofre.totp.TotpSettings;

/**
 * A credential's metadata: everything but its secrets. {@code totp} holds the TOTP settings when a seed is
 * configured (the seed itself stays sealed in the database), otherwise {@code null}.
 */
public record Credential(UUID id, String name, CredentialType type, String username, String host, Integer port,
                         String url, String description, List<String> tags, boolean hasPassword, TotpSettings totp,
                         Instant createdAt, Instant updatedAt, long version) {

    public boolean hasTotp() {
        return totp != null;
    }
}
