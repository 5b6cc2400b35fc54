package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cofre.crypto.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TotpTokensTests {

    private final Secret seed = Secret.wrap("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    private final TotpSettings eightDigits = TotpSettings.of(TotpAlgorithm.SHA1, 8, 30);

    @AfterEach
    void wipe() {
        seed.close();
    }

    @Test
    void tokenCarriesItsPeriodBoundaries() {
        TotpToken token = TotpTokens.at(seed, eightDigits, Instant.ofEpochSecond(1111111109L), 5);
        assertThat(token.code()).isEqualTo("07081804");
        assertThat(token.validFrom()).isEqualTo(Instant.ofEpochSecond(1111111080L));
        assertThat(token.validUntil()).isEqualTo(Instant.ofEpochSecond(1111111110L));
        assertThat(token.secondsRemaining()).isEqualTo(1);
        assertThat(token.next().code()).isEqualTo("14050471"); // RFC 6238's code at 1111111111
        assertThat(token.next().validFrom()).isEqualTo(token.validUntil());
        assertThat(token.next().validUntil()).isEqualTo(Instant.ofEpochSecond(1111111140L));
    }

    @Test
    void atTheBoundaryTheNewPeriodHasItsFullLength() {
        TotpToken token = TotpTokens.at(seed, eightDigits, Instant.ofEpochSecond(1111111110L), 5);
        assertThat(token.code()).isEqualTo("14050471");
        assertThat(token.validFrom()).isEqualTo(Instant.ofEpochSecond(1111111110L));
        assertThat(token.secondsRemaining()).isEqualTo(30);
        assertThat(token.next()).isNull();
    }

    @Test
    void nextIsPresentExactlyInTheLastWindowSeconds() {
        Instant boundary = Instant.ofEpochSecond(1_767_225_600L); // a multiple of 30
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusSeconds(6), 5).next()).isNull();
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusMillis(5001), 5).next()).isNull();
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusSeconds(5), 5).next()).isNotNull();
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusMillis(1), 5).next()).isNotNull();
        assertThat(TotpTokens.at(seed, eightDigits, boundary, 5).next()).isNull();
    }

    @Test
    void secondsRemainingRoundsUpAndIsNeverZero() {
        Instant boundary = Instant.ofEpochSecond(1_767_225_600L);
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusMillis(5001), 5).secondsRemaining()).isEqualTo(6);
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusNanos(1), 5).secondsRemaining()).isEqualTo(1);
        assertThat(TotpTokens.at(seed, eightDigits, boundary.plusMillis(200), 5).secondsRemaining()).isEqualTo(30);
    }

    @Test
    void windowOfZeroNeverAndWindowOfAPeriodAlwaysGivesTheNextCode() {
        Instant boundary = Instant.ofEpochSecond(1_767_225_600L);
        assertThat(TotpTokens.at(seed, eightDigits, boundary.minusNanos(1), 0).next()).isNull();
        assertThat(TotpTokens.at(seed, eightDigits, boundary, 30).next()).isNotNull();
        assertThat(TotpTokens.at(seed, eightDigits, boundary, 1000).next()).isNotNull();
        assertThatThrownBy(() -> TotpTokens.at(seed, eightDigits, boundary, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void periodOfOneSecondChangesEverySecond() {
        TotpSettings everySecond = TotpSettings.of(TotpAlgorithm.SHA1, 6, 1);
        TotpToken token = TotpTokens.at(seed, everySecond, Instant.ofEpochSecond(3, 500_000_000), 1);
        assertThat(token.code()).isEqualTo("969429"); // HOTP counter 3, RFC 4226
        assertThat(token.validFrom()).isEqualTo(Instant.ofEpochSecond(3));
        assertThat(token.validUntil()).isEqualTo(Instant.ofEpochSecond(4));
        assertThat(token.secondsRemaining()).isEqualTo(1);
        assertThat(token.next().code()).isEqualTo("338314");
    }

    @Test
    void periodOfSixtySecondsUsesMinuteBoundaries() {
        TotpSettings minute = TotpSettings.of(TotpAlgorithm.SHA1, 6, 60);
        TotpToken token = TotpTokens.at(seed, minute, Instant.ofEpochSecond(150), 10);
        assertThat(token.code()).isEqualTo("359152"); // counter 2
        assertThat(token.validFrom()).isEqualTo(Instant.ofEpochSecond(120));
        assertThat(token.validUntil()).isEqualTo(Instant.ofEpochSecond(180));
        assertThat(token.secondsRemaining()).isEqualTo(30);
        assertThat(token.next()).isNull();
        assertThat(TotpTokens.at(seed, minute, Instant.ofEpochSecond(170), 10).next().code()).isEqualTo("969429");
    }

    @Test
    void tokenToStringHidesTheCodes() {
        TotpToken token = TotpTokens.at(seed, eightDigits, Instant.ofEpochSecond(1111111109L), 5);
        assertThat(token.toString()).doesNotContain("07081804").doesNotContain("14050471");
        assertThat(token.next().toString()).doesNotContain("14050471");
    }
}
