package dev.cofre.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cofre.auth.*}: the initial admin password (env {@code COFRE_ADMIN_PASSWORD}; masked in any output) and
 * how long an API token lives.
 */
@ConfigurationProperties("cofre.auth")
public record AuthProperties(String initialAdminPassword, @DefaultValue("8h") Duration tokenTtl) {

    public AuthProperties {
        if (tokenTtl.isNegative() || tokenTtl.isZero() || tokenTtl.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("cofre.auth.token-ttl must be between 1s and 30d");
        }
    }

    @Override
    public String toString() {
        return "AuthProperties[initialAdminPassword=<masked>, tokenTtl=" + tokenTtl + "]";
    }
}
