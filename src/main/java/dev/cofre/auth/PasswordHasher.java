package dev.cofre.auth;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes Cofre users' passwords with Argon2id (Spring Security's encoder over Bouncy Castle). Verification of an
 * unknown user still spends one hash so response time does not tell which usernames exist.
 */
@Component
public final class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Made on first use, not at start, where the first Argon2 hash costs ~0.3 s of a cold JVM's start-up. */
    private volatile String decoyHash;

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash == null ? decoyHash() : hash);
    }

    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            synchronized (this) {
                decoy = decoyHash;
                if (decoy == null) {
                    byte[] random = new byte[24];
                    new SecureRandom().nextBytes(random);
                    decoy = encoder.encode(Base64.getEncoder().encodeToString(random));
                    decoyHash = decoy;
                }
            }
        }
        return decoy;
    }
}
