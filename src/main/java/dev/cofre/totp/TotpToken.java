package dev.cofre.totp;

import java.time.Instant;

/**
 * The TOTP code of a credential at one instant of the server's clock, with the period it is valid for and,
 * near the end of that period, the next code (so a person can copy a code that will not expire while typing).
 *
 * @param code             the current code, zero-padded to the configured digits
 * @param validFrom        start of the current period (inclusive)
 * @param validUntil       end of the current period (exclusive), i.e. the next period boundary
 * @param secondsRemaining whole seconds until {@code validUntil}, rounded up, so always at least 1
 * @param next             the next code, present only within the last {@code nextWindowSeconds} of the period
 */
public record TotpToken(String code, Instant validFrom, Instant validUntil, int secondsRemaining, Next next) {

    /** The code of the following period. */
    public record Next(String code, Instant validFrom, Instant validUntil) {
        @Override
        public String toString() {
            return "Next[code=***, validFrom=" + validFrom + ", validUntil=" + validUntil + "]";
        }
    }

    @Override
    public String toString() {
        // A code is short-lived but still a credential: keep it out of logs.
        return "TotpToken[code=***, validFrom=" + validFrom + ", validUntil=" + validUntil
                + ", secondsRemaining=" + secondsRemaining + ", next=" + (next == null ? "none" : "***") + "]";
    }
}
