package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Tests {

    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "f, MY",
        "fo, MZXQ",
        "foo, MZXW6",
        "foob, MZXW6YQ",
        "fooba, MZXW6YTB",
        "foobar, MZXW6YTBOI",
    })
    void encodesRfc4648VectorsInUpperCaseWithoutPadding(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    }

    @ParameterizedTest
    @CsvSource({
        "f, MY======",
        "fo, MZXQ====",
        "foo, MZXW6===",
        "foob, MZXW6YQ=",
        "fooba, MZXW6YTB",
        "foobar, MZXW6YTBOI======",
    })
    void decodesRfc4648VectorsWithPadding(String plain, String encoded) {
        assertThat(Base32.decode(encoded)).isEqualTo(plain.getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode(encoded.replace("=", ""))).isEqualTo(plain.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void lowercaseSecretWithSpacesAndHyphensIsNormalized() {
        byte[] expected = Base32.decode("JBSWY3DPEHPK3PXP");
        assertThat(Base32.decode("jbsw y3dp ehpk 3pxp")).isEqualTo(expected);
        assertThat(Base32.decode("JBSW-Y3DP-EHPK-3PXP")).isEqualTo(expected);
        assertThat(Base32.decode("  jBsW-y3Dp EhPk-3pXp  ")).isEqualTo(expected);
        assertThat(Base32.encode(Base32.decode("jbsw y3dp ehpk 3pxp"))).isEqualTo("JBSWY3DPEHPK3PXP");
    }

    @Test
    void trailingSpacesAfterPaddingAreAccepted() {
        assertThat(Base32.decode("MZXW6YQ= ")).isEqualTo("foob".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void leftoverBitsAreIgnoredLikeAuthenticatorApps() {
        // "MY" has 2 leftover bits that are zero; "MZ" sets one of them. oathtool and Google Authenticator accept both.
        assertThat(Base32.decode("MZ")).isEqualTo(Base32.decode("MY"));
    }

    @Test
    void roundTripsRandomBytes() {
        Random random = new Random(4648);
        for (int length = 0; length < 100; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String encoded = Base32.encode(bytes);
            if (length > 0) {
                assertThat(Base32.decode(encoded)).isEqualTo(bytes);
                assertThat(Base32.decode(encoded.toLowerCase())).isEqualTo(bytes);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "JBSWY3DPEHP!3PXP, 12",
        "JBSWY3D0EHPK3PXP, 8",
        "1BSWY3DPEHPK3PXP, 1",
        "JBSWY3DPEHPK3PX8, 16",
        "JBSW_Y3DP, 5",
        "JBSW.Y3DP, 5",
    })
    void invalidCharacterIsReportedByItsPosition(String input, int position) {
        rejects(input).hasMessage("invalid character at position " + position
                + "; Base32 accepts A-Z and 2-7 (any case), spaces, hyphens and trailing '='");
    }

    @Test
    void positionCountsCharactersAsPeopleSeeThem() {
        // An emoji is two UTF-16 units but one character; the bad character after it is the 3rd.
        rejects("A\uD83D\uDE00B").hasMessageStartingWith("invalid character at position 2");
        rejects("AB\uD83D\uDE00").hasMessageStartingWith("invalid character at position 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "JBSWY3DPEHPK3P\u0410P",   // Cyrillic capital A
        "JBSWY3DPEHPK3P\uFF12P",   // fullwidth digit two
        "JBSWY3DPEHPK3P\u00A0XP",  // no-break space
        "JBSWY3DPEHPK3P\tXP",
        "JBSWY3DPEHPK3P\nXP",
        "JBSWY3DPEHPK3P\u0000XP",
        "JBSWY3DPEHPK3P\u200BXP",  // zero-width space
    })
    void lookalikesAndControlCharactersAreRejectedAtTheirPosition(String input) {
        rejects(input).hasMessageStartingWith("invalid character at position 15;");
    }

    @Test
    void paddingInTheMiddleIsRejected() {
        rejects("MZXW6YQ=MZXW6YQ=").hasMessageContaining("'=' may only end the secret");
        rejects("MY==MY").hasMessageContaining("'=' may only end the secret");
        rejects("MZXW6YQ=-").hasMessageStartingWith("invalid character at position 9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MY=", "MY=======", "MZXW6YQ==", "MZXW6YTB========", "MZXQ==="})
    void wrongAmountOfPaddingIsRejected(String input) {
        rejects(input).hasMessageContaining("wrong amount of '=' padding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBM"})
    void impossibleLengthsAreRejected(String input) {
        rejects(input).hasMessageContaining("impossible length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " - ", "========"})
    void emptyInputIsRejected(String input) {
        rejects(input).hasMessageStartingWith("is empty");
    }

    @Test
    void inputLongerThanTheLimitIsRejectedBeforeScanning() {
        assertThat(Base32.decode("A".repeat(1024))).hasSize(640);
        rejects("A".repeat(1025)).hasMessage("is too long; at most 1024 characters");
        long start = System.nanoTime();
        rejects("A".repeat(1 << 20)).hasMessage("is too long; at most 1024 characters");
        assertThat(System.nanoTime() - start).isLessThan(50_000_000L);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String input) {
        return assertThatThrownBy(() -> Base32.decode(input))
                .isInstanceOf(InvalidTotpSecretException.class)
                .hasFieldOrPropertyWithValue("field", "totp.secret");
    }
}
