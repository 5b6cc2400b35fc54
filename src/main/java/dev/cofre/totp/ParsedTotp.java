package dev.cofre.totp;

import dev.cofre.crypto.Secret;

/**
 * A TOTP seed and its settings as read from user input. Owns the seed: {@link #close()} wipes it.
 *
 * @param seed     the decoded HMAC key (at least 10 bytes)
 * @param settings algorithm, digits, period and label
 */
public record ParsedTotp(Secret seed, TotpSettings settings) implements AutoCloseable {

    /**
     * The seed as canonical Base32 (upper case, no padding). This string is the secret itself: compute it only
     * where it is about to be written out, and do not log or keep it.
     */
    public String canonicalSecret() {
        return Base32.encode(seed.bytes());
    }

    @Override
    public void close() {
        seed.close();
    }
}
