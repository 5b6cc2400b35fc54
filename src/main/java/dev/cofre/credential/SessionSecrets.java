package dev.cofre.credential;

import java.time.Instant;

import dev.cofre.crypto.Secret;
import dev.cofre.totp.TotpGenerator;
import dev.cofre.totp.TotpSettings;

/**
 * What an automated session (SSH gateway, password change) needs to log into a credential's target: the password
 * and a source of TOTP codes, without handing the TOTP seed itself out. Close it as soon as the login is done:
 * closing wipes both.
 */
public final class SessionSecrets implements AutoCloseable {

    private final Credential credential;
    private final Secret password;
    private final Secret seed;

    SessionSecrets(Credential credential, Secret password, Secret seed) {
        this.credential = credential;
        this.password = password;
        this.seed = seed;
    }

    public Credential credential() {
        return credential;
    }

    /** The password, or null when the credential has none. Do not keep it beyond this object's life. */
    public Secret password() {
        return password;
    }

    public boolean hasTotp() {
        return seed != null;
    }

    /** The TOTP code valid at {@code at} (e.g. now, or the next period's start for a retry at a boundary). */
    public String totpAt(Instant at) {
        if (seed == null) {
            throw SecretNotConfiguredException.noTotp();
        }
        TotpSettings s = credential.totp();
        return TotpGenerator.code(seed, s, at.getEpochSecond());
    }

    @Override
    public void close() {
        if (password != null) {
            password.close();
        }
        if (seed != null) {
            seed.close();
        }
    }

    @Override
    public String toString() {
        return "SessionSecrets[" + credential.id() + ", <masked>]";
    }
}
