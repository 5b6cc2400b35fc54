package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpSecretParserTests {

    private static final String SECRET = "JBSWY3DPEHPK3PXP";
    private static final String GA_EXAMPLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

    @Test
    void base32SecretGetsDefaultSettings() {
        try (ParsedTotp parsed = TotpSecretParser.parseSecret("jbsw y3dp-ehpk 3pxp")) {
            assertThat(parsed.canonicalSecret()).isEqualTo(SECRET);
            assertThat(parsed.settings()).isEqualTo(TotpSettings.defaults());
            assertThat(parsed.seed().length()).isEqualTo(10);
        }
    }

    @Test
    void explicitSettingsApplyToABase32Secret() {
        try (ParsedTotp parsed = TotpSecretParser.parse(SECRET + "my======", null, "sha-256", 8, 60)) {
            assertThat(parsed.settings()).isEqualTo(TotpSettings.of(TotpAlgorithm.SHA256, 8, 60));
            assertThat(parsed.canonicalSecret()).isEqualTo(SECRET + "MY");
        }
    }

    @Test
    void secretShorterThan80BitsIsRejected() {
        rejects(() -> TotpSecretParser.parseSecret("JBSWY3DPEHPK3PX"), "totp.secret")
                .hasMessageStartingWith("is too short (72 bits)");
        rejects(() -> TotpSecretParser.parseSecret("JBSWY3DPEHPK3"), "totp.secret")
                .hasMessage("is too short (64 bits); at least 80 bits (16 Base32 characters) are required");
    }

    @Test
    void badSecretReportsThePositionInTheOriginalInput() {
        rejects(() -> TotpSecretParser.parseSecret("jbsw y3d0 ehpk 3pxp"), "totp.secret")
                .hasMessageStartingWith("invalid character at position 9;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "JBSWY3DPEHPK3PX\u0410", "JBSWY3DPEHPK3PX\uFF17", "JBSWY3DPEHPK3PX\u0000"})
    void emptyBlankAndLookalikeSecretsAreRejected(String input) {
        rejects(() -> TotpSecretParser.parseSecret(input), "totp.secret");
    }

    @Test
    void hugeSecretIsRejectedQuickly() {
        String huge = "A".repeat(1 << 20);
        long start = System.nanoTime();
        rejects(() -> TotpSecretParser.parseSecret(huge), "totp.secret").hasMessageContaining("too long");
        rejects(() -> TotpSecretParser.parseUri("otpauth://totp/x?secret=" + huge), "totp.uri")
                .hasMessageContaining("too long");
        assertThat(System.nanoTime() - start).isLessThan(100_000_000L);
    }

    @Test
    void secretAndUriTogetherOrNeitherAreRejected() {
        rejects(() -> TotpSecretParser.parse(SECRET, GA_EXAMPLE, null, null, null), "totp")
                .hasMessageContaining("not both");
        rejects(() -> TotpSecretParser.parse(null, null, null, null, null), "totp")
                .hasMessageContaining("required");
    }

    @Test
    void invalidExplicitSettingsNameTheirField() {
        rejects(() -> TotpSecretParser.parse(SECRET, null, "MD5", null, null), "totp.algorithm");
        rejects(() -> TotpSecretParser.parse(SECRET, null, null, 5, null), "totp.digits");
        rejects(() -> TotpSecretParser.parse(SECRET, null, null, 11, null), "totp.digits");
        rejects(() -> TotpSecretParser.parse(SECRET, null, null, null, 0), "totp.period");
        rejects(() -> TotpSecretParser.parse(SECRET, null, null, null, 86_401), "totp.period");
    }

    @Test
    void googleAuthenticatorExampleUriIsParsed() {
        try (ParsedTotp parsed = TotpSecretParser.parseUri(GA_EXAMPLE)) {
            assertThat(parsed.canonicalSecret()).isEqualTo(SECRET);
            assertThat(parsed.settings()).isEqualTo(
                    new TotpSettings(TotpAlgorithm.SHA1, 6, 30, "Example", "alice@google.com"));
        }
    }

    @Test
    void uriParametersAreParsed() {
        String uri = "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=hxdm-vjec-jjws-rb3h-wizr-4ifu-gftm-xboz"
                + "&issuer=ACME%20Co&algorithm=SHA512&digits=8&period=60&image=https%3A%2F%2Fexample.com%2Fx.png";
        try (ParsedTotp parsed = TotpSecretParser.parseUri(uri)) {
            assertThat(parsed.canonicalSecret()).isEqualTo("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
            assertThat(parsed.settings()).isEqualTo(
                    new TotpSettings(TotpAlgorithm.SHA512, 8, 60, "ACME Co", "john.doe@email.com"));
        }
    }

    @Test
    void labelWithoutIssuerIsTheAccountAndPlusInTheQueryIsASpace() {
        try (ParsedTotp parsed = TotpSecretParser.parseUri("OTPAUTH://TOTP/alice%3A%C3%A9?secret=" + SECRET
                + "&issuer=Big+Corp")) {
            // %3A is a separator too, once decoded.
            assertThat(parsed.settings().issuer()).isEqualTo("Big Corp");
            assertThat(parsed.settings().accountName()).isEqualTo("\u00e9");
        }
        try (ParsedTotp parsed = TotpSecretParser.parseUri("otpauth://totp/bob+smith?secret=" + SECRET)) {
            assertThat(parsed.settings().issuer()).isNull();
            assertThat(parsed.settings().accountName()).isEqualTo("bob+smith");
        }
    }

    @Test
    void issuerParameterWinsOverAConflictingLabelPrefix() {
        try (ParsedTotp parsed = TotpSecretParser.parseUri("otpauth://totp/Old:alice?secret=" + SECRET
                + "&issuer=New")) {
            assertThat(parsed.settings().issuer()).isEqualTo("New");
            assertThat(parsed.settings().accountName()).isEqualTo("alice");
        }
    }

    @Test
    void uriWithoutLabelIsAccepted() {
        try (ParsedTotp parsed = TotpSecretParser.parseUri("otpauth://totp?secret=" + SECRET)) {
            assertThat(parsed.settings()).isEqualTo(TotpSettings.defaults());
        }
        try (ParsedTotp parsed = TotpSecretParser.parseUri("otpauth://totp/?secret=" + SECRET)) {
            assertThat(parsed.settings()).isEqualTo(TotpSettings.defaults());
        }
    }

    @Test
    void uriWithNoPathOrQueryHasNoSecret() {
        rejectsUri("otpauth://totp").hasMessageStartingWith("has no secret parameter");
        rejectsUri("otpauth://totp/Example:alice").hasMessageStartingWith("has no secret parameter");
        rejectsUri("otpauth://totp/Example:alice?secret=&issuer=Example").hasMessageStartingWith("has no secret");
    }

    @Test
    void hotpUrisAreRejectedAsUnsupported() {
        rejectsUri("otpauth://hotp/Example:alice?secret=" + SECRET + "&counter=0")
                .hasMessageContaining("HOTP").hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com/?secret=JBSWY3DPEHPK3PXP",
        "otpauth:/totp/x?secret=JBSWY3DPEHPK3PXP",
        "otpauth://xotp/x?secret=JBSWY3DPEHPK3PXP",
        "JBSWY3DPEHPK3PXP",
    })
    void otherSchemesAndTypesAreRejected(String uri) {
        rejectsUri(uri);
    }

    @Test
    void duplicateParametersAreRejected() {
        rejectsUri(GA_EXAMPLE + "&secret=" + SECRET).hasMessage("has the secret parameter more than once");
        rejectsUri(GA_EXAMPLE + "&digits=6&digits=6").hasMessage("has the digits parameter more than once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"&algorithm=MD5", "&digits=5", "&digits=11", "&digits=six", "&digits=", "&digits=-6",
        "&period=0", "&period=-30", "&period=30s", "&period=99999999999", "&period=86401"})
    void badSettingsInTheUriAreRejected(String parameter) {
        rejectsUri(GA_EXAMPLE + parameter);
    }

    @Test
    void malformedPercentEncodingIsRejected() {
        rejectsUri("otpauth://totp/Ex%ZZample?secret=" + SECRET).hasMessageContaining("malformed %-escape");
        rejectsUri("otpauth://totp/Example%?secret=" + SECRET).hasMessageContaining("malformed %-escape");
        rejectsUri("otpauth://totp/Example%C3?secret=" + SECRET).hasMessageContaining("not valid UTF-8");
        rejectsUri("otpauth://totp/Example?secret=JBSW%4?").hasMessageContaining("malformed %-escape");
    }

    @Test
    void controlCharactersAreRejectedRawOrEncoded() {
        rejectsUri("otpauth://totp/Ex\u0000ample?secret=" + SECRET).hasMessageContaining("position 18");
        rejectsUri("otpauth://totp/Example?secret=" + SECRET + "\n").hasMessageContaining("control character");
        rejectsUri("otpauth://totp/Ex%0Aample?secret=" + SECRET).hasMessageContaining("control character");
    }

    @Test
    void badSecretInTheUriIsReportedAgainstTheUri() {
        rejectsUri("otpauth://totp/x?secret=JBSWY3D0EHPK3PXP")
                .hasMessageStartingWith("secret parameter invalid character at position 8");
        rejectsUri("otpauth://totp/x?secret=JBSWY3DP").hasMessageContaining("too short");
    }

    @Test
    void explicitSettingsMustMatchTheUri() {
        try (ParsedTotp parsed = TotpSecretParser.parse(null, GA_EXAMPLE, "HmacSHA1", 6, 30)) {
            assertThat(parsed.settings().digits()).isEqualTo(6);
        }
        rejects(() -> TotpSecretParser.parse(null, GA_EXAMPLE, "SHA256", null, null), "totp.algorithm")
                .hasMessageContaining("algorithm=SHA1");
        // The URI's default (6) counts: an app scanning it would show 6 digits.
        rejects(() -> TotpSecretParser.parse(null, GA_EXAMPLE, null, 8, null), "totp.digits");
        rejects(() -> TotpSecretParser.parse(null, GA_EXAMPLE + "&period=60", null, null, 30), "totp.period");
    }

    @Test
    void noErrorMessageContainsTheSecret() {
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        String[] inputs = {
            "otpauth://hotp/x?secret=" + secret,
            "otpauth://totp/x?secret=" + secret + "&secret=" + secret,
            "otpauth://totp/x?secret=" + secret + "!",
            "otpauth://totp/x?secret=" + secret + "%ZZ",
            "otpauth://totp/x?secret=" + secret + "&digits=12",
            "otpauth://totp/x?secret=" + secret + "&algorithm=" + secret,
            "otpauth://totp/" + secret + "\u0001?secret=" + secret,
            "http://totp/x?secret=" + secret,
        };
        for (String input : inputs) {
            InvalidTotpSecretException e = catchThrowableOfType(
                    () -> TotpSecretParser.parseUri(input), InvalidTotpSecretException.class);
            assertThat(e).as("rejected").isNotNull();
            assertThat(e.getMessage()).doesNotContain(secret.substring(0, 8)).doesNotContain("!");
            assertThat(e.toString()).doesNotContain(secret.substring(0, 8));
        }
        InvalidTotpSecretException e = catchThrowableOfType(
                () -> TotpSecretParser.parseSecret(secret + "\u0410"), InvalidTotpSecretException.class);
        assertThat(e.getMessage()).doesNotContain(secret.substring(0, 8)).doesNotContain("\u0410");
    }

    @Test
    void parsedTotpHidesTheSeedAndWipesItOnClose() {
        ParsedTotp parsed = TotpSecretParser.parseSecret(SECRET);
        assertThat(parsed.toString()).doesNotContain(SECRET).contains("Secret[***]");
        parsed.close();
        assertThatThrownBy(parsed::canonicalSecret).isInstanceOf(IllegalStateException.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejectsUri(String uri) {
        return rejects(() -> TotpSecretParser.parseUri(uri), "totp.uri");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        return assertThatThrownBy(call)
                .isInstanceOf(InvalidTotpSecretException.class)
                .hasFieldOrPropertyWithValue("field", field);
    }
}
