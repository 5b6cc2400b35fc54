package dev.cofre.totp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cofre.totp.*}. {@code next-window}: during this many final seconds of a period the token endpoint also
 * hands out the next code (what the refresh button shows early). 0 turns that off.
 */
@ConfigurationProperties("cofre.totp")
public record TotpProperties(@DefaultValue("10") int nextWindow) {

    public TotpProperties {
        if (nextWindow < 0 || nextWindow > 86_400) {
            throw new IllegalArgumentException("cofre.totp.next-window must be between 0 and 86400 seconds");
        }
    }
}
