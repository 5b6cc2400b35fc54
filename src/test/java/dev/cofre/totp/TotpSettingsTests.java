package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TotpSettingsTests {

    @ParameterizedTest
    @CsvSource({
        "SHA1, SHA1", "sha1, SHA1", "SHA-1, SHA1", "HmacSHA1, SHA1", "' sha_1 ', SHA1",
        "SHA256, SHA256", "sha-256, SHA256", "HMACSHA256, SHA256",
        "SHA512, SHA512", "Sha-512, SHA512", "HmacSHA512, SHA512",
    })
    void algorithmNamesAreParsedInAnyCommonSpelling(String text, TotpAlgorithm expected) {
        assertThat(TotpAlgorithm.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MD5", "SHA224", "SHA-384", "SHA3-256", "HmacSHA"})
    void otherAlgorithmsAreRejected(String text) {
        assertThatThrownBy(() -> TotpAlgorithm.parse(text))
                .isInstanceOf(InvalidTotpSecretException.class)
                .hasFieldOrPropertyWithValue("field", "totp.algorithm")
                .hasMessageContaining("SHA1 (default), SHA256, SHA512");
        assertThatThrownBy(() -> TotpAlgorithm.parse(null)).isInstanceOf(InvalidTotpSecretException.class);
    }

    @Test
    void algorithmKnowsItsJcaAndOtpauthNames() {
        assertThat(TotpAlgorithm.SHA256.jcaName()).isEqualTo("HmacSHA256");
        assertThat(TotpAlgorithm.SHA512.otpauthName()).isEqualTo("SHA512");
        assertThat(TotpAlgorithm.defaultAlgorithm()).isEqualTo(TotpAlgorithm.SHA1);
    }

    @Test
    void settingsDefaultToSha1SixDigitsThirtySeconds() {
        assertThat(TotpSettings.defaults()).isEqualTo(new TotpSettings(null, 6, 30, null, null));
        assertThat(new TotpSettings(null, 6, 30, " ", "\t").issuer()).isNull();
        assertThat(new TotpSettings(null, 6, 30, " Acme ", null).issuer()).isEqualTo("Acme");
    }

    @ParameterizedTest
    @CsvSource({"5, 30, totp.digits", "11, 30, totp.digits", "6, 0, totp.period", "6, -30, totp.period",
        "6, 86401, totp.period"})
    void outOfRangeSettingsNameTheirField(int digits, int period, String field) {
        assertThatThrownBy(() -> TotpSettings.of(TotpAlgorithm.SHA1, digits, period))
                .isInstanceOf(InvalidTotpSecretException.class)
                .hasFieldOrPropertyWithValue("field", field);
    }

    @Test
    void labelsWithControlCharactersOrOverlongAreRejected() {
        assertThatThrownBy(() -> new TotpSettings(null, 6, 30, "Ac\u0007me", null))
                .hasFieldOrPropertyWithValue("field", "totp.issuer");
        assertThatThrownBy(() -> new TotpSettings(null, 6, 30, null, "x".repeat(257)))
                .hasFieldOrPropertyWithValue("field", "totp.accountName");
    }
}
