package dev.cofre.credential;

import java.util.List;

/**
 * What a client asks to store, as received (validated by the service). On update, a {@code null} password or
 * {@code null} totp keeps the stored one; {@code removePassword}/{@code removeTotp} delete it.
 */
public record CredentialDraft(String name, String type, String username, String password, String host, Integer port,
                              String url, String description, List<String> tags, TotpDraft totp,
                              boolean removePassword, boolean removeTotp) {

    @Override
    public String toString() {
        return "CredentialDraft[name=" + name + ", password=" + (password == null ? "null" : "<masked>")
                + ", totp=" + totp + "]";
    }

    /**
     * A TOTP secret as typed (Base32 in any form) or as an {@code otpauth://} URI, with optional settings. With
     * neither secret nor uri, only the settings of an existing seed change.
     */
    public record TotpDraft(String secret, String uri, String algorithm, Integer digits, Integer period) {

        public boolean hasSeed() {
            return secret != null || uri != null;
        }

        @Override
        public String toString() {
            return "TotpDraft[secret=" + (secret == null ? "null" : "<masked>") + ", uri="
                    + (uri == null ? "null" : "<masked>") + ", algorithm=" + algorithm + ", digits=" + digits
                    + ", period=" + period + "]";
        }
    }
}
