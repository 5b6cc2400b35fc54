package dev.cofre.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.cofre.credential.Credential;
import dev.cofre.totp.TotpSettings;

/** A credential as the API shows it: metadata only, never a secret. */
record CredentialResponse(UUID id, String name, String type, String username, String host, Integer port, String url,
                          String description, List<String> tags, boolean hasPassword, boolean hasTotp,
                          TotpInfo totp, Instant createdAt, Instant updatedAt, long version) {

    record TotpInfo(String algorithm, int digits, int period, String issuer, String accountName) {
        static TotpInfo of(TotpSettings s) {
            return s == null ? null
                    : new TotpInfo(s.algorithm().name(), s.digits(), s.period(), s.issuer(), s.accountName());
        }
    }

    static CredentialResponse of(Credential c) {
        return new CredentialResponse(c.id(), c.name(), c.type().key(), c.username(), c.host(), c.port(), c.url(),
                c.description(), c.tags(), c.hasPassword(), c.hasTotp(), TotpInfo.of(c.totp()), c.createdAt(),
                c.updatedAt(), c.version());
    }
}
