package dev.cofre.totp;

import dev.cofre.crypto.Secret;
import java.time.Duration;
import java.time.Instant;

/**
 * Computes the {@link TotpToken} that the REST endpoint and the web page show: a pure function of the seed, its
 * settings and the server's clock reading, so it can be tested at fixed instants.
 */
public final class TotpTokens {

    private TotpTokens() {
    }

    /**
     * The token at {@code now}.
     *
     * @param nextWindowSeconds how long before the period boundary the next code is handed out; 0 never, a value
     *                          of at least the period always
     */
    public static TotpToken at(Secret seed, TotpSettings settings, Instant now, int nextWindowSeconds) {
        if (nextWindowSeconds < 0) {
            throw new IllegalArgumentException("nextWindowSeconds must not be negative");
        }
        int period = settings.period();
        long counter = TotpGenerator.counter(now.getEpochSecond(), period);
        Instant validFrom = Instant.ofEpochSecond(counter * period);
        Instant validUntil = validFrom.plusSeconds(period);
        Duration remaining = Duration.between(now, validUntil);
        // Round up: at 29.2 s left the countdown says 30, and it never says 0 while the code is still valid.
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        try (TotpGenerator generator = TotpGenerator.of(seed, settings)) {
            String code = TotpGenerator.format(generator.hotp(counter), settings.digits());
            TotpToken.Next next = null;
            if (remaining.compareTo(Duration.ofSeconds(nextWindowSeconds)) <= 0) {
                next = new TotpToken.Next(TotpGenerator.format(generator.hotp(counter + 1), settings.digits()),
                        validUntil, validUntil.plusSeconds(period));
            }
            return new TotpToken(code, validFrom, validUntil, (int) seconds, next);
        }
    }
}
