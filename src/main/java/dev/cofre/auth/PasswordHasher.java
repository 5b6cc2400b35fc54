package dev.cofre.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes Cofre users' passwords with Argon2id (Spring Security's encoder over Bouncy Castle). Verification of an
 * unknown user still spends one hash so response time does not tell which usernames exist.
 */
@Component
public final class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String decoyHash = encoder.encode("decoy-password-for-unknown-users");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash == null ? decoyHash : hash);
    }
}
