package dev.cofre.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cofre.crypto.*} settings. {@code master-key} (env {@code COFRE_MASTER_KEY}) is the base64 of exactly 32
 * bytes; when empty, a key file in the data directory is used (and generated on first start). Validated when the
 * key ring is built, not here, so that a binding error report can never echo the value.
 *
 * <p>Invariant: {@link #toString()} never shows the key.
 */
@ConfigurationProperties("cofre.crypto")
public record CryptoProperties(String masterKey) {

    /** Whether a master key was configured (non-blank); says nothing about its validity. */
    public boolean hasMasterKey() {
        return masterKey != null && !masterKey.isBlank();
    }

    @Override
    public String toString() {
        return "CryptoProperties[masterKey=" + (hasMasterKey() ? "<masked>" : "<unset>") + "]";
    }
}
