package dev.cofre.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cofre.auth.*}: the initial admin password (env {@code COFRE_ADMIN_PASSWORD}; masked in any output) and
 * how long an API token lives.
 */
@ConfigurationProperties("cofre.auth")
public record AuthProperties(String initialAdminPassword, @DefaultValue("8h") Duration tokenTtl,
                             @DefaultValue("5s") Duration tokenCache) {

    public AuthProperties {
        if (tokenTtl.isNegative() || tokenTtl.isZero() || tokenTtl.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("cofre.auth.token-ttl must be between 1s and 30d");
        }
        if (tokenCache.isNegative() || tokenCache.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("cofre.auth.token-cache must be between 0s and 1m");
        }
    }

    @Override
    public String toString() {
        return "AuthProperties[initialAdminPassword=<masked>, tokenTtl=" + tokenTtl + ", tokenCache=" + tokenCache + "]";
    }
}
