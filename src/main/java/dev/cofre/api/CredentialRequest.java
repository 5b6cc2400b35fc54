package dev.cofre.api;

import java.util.List;

import dev.cofre.credential.CredentialDraft;

/**
 * Body of {@code POST} and {@code PUT /api/v1/credentials[/{id}]}. On PUT every plain field is replaced; an omitted
 * {@code password} or {@code totp} keeps the stored secret, and {@code removePassword}/{@code removeTotp} delete it.
 * A {@code totp} without {@code secret} or {@code uri} changes only the settings of the stored seed.
 */
record CredentialRequest(String name, String type, String username, String password, String host, Integer port,
                         String url, String description, List<String> tags, TotpRequest totp,
                         Boolean removePassword, Boolean removeTotp) {

    record TotpRequest(String secret, String uri, String algorithm, Integer digits, Integer period) {
        @Override
        public String toString() {
            return "TotpRequest[secret=<masked>, uri=<masked>, algorithm=" + algorithm + ", digits=" + digits
                    + ", period=" + period + "]";
        }
    }

    CredentialDraft toDraft() {
        CredentialDraft.TotpDraft t = totp == null ? null
                : new CredentialDraft.TotpDraft(totp.secret(), totp.uri(), totp.algorithm(), totp.digits(),
                        totp.period());
        return new CredentialDraft(name, type, username, password, host, port, url, description, tags, t,
                Boolean.TRUE.equals(removePassword), Boolean.TRUE.equals(removeTotp));
    }

    @Override
    public String toString() {
        return "CredentialRequest[name=" + name + ", password=<masked>, totp=" + totp + "]";
    }
}
