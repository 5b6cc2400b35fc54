package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cofre.crypto.Secret;
import org.junit.jupiter.api.Test;

class TotpUriTests {

    @Test
    void buildsAKeyUriWithEverySettingSpelledOut() {
        try (Secret seed = Secret.wrap(Base32.decode("JBSWY3DPEHPK3PXP"))) {
            TotpSettings settings = new TotpSettings(TotpAlgorithm.SHA256, 8, 60, "ACME Co", "jo\u00eb@example.com");
            assertThat(TotpUri.build(seed, settings)).isEqualTo("otpauth://totp/ACME%20Co:jo%C3%AB%40example.com"
                    + "?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60");
        }
    }

    @Test
    void builtUriParsesBackToTheSameSeedAndSettings() {
        TotpSettings[] cases = {
            TotpSettings.defaults(),
            new TotpSettings(TotpAlgorithm.SHA512, 10, 1, "Issuer & Sons+", "a:b c/d?e=f&g"),
            new TotpSettings(TotpAlgorithm.SHA1, 7, 86_400, "Only Issuer", null),
            new TotpSettings(TotpAlgorithm.SHA1, 6, 30, null, "only-account"),
        };
        for (TotpSettings settings : cases) {
            try (Secret seed = Secret.wrap(Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
                 ParsedTotp parsed = TotpSecretParser.parseUri(TotpUri.build(seed, settings))) {
                assertThat(parsed.seed().contentEquals(seed)).isTrue();
                assertThat(parsed.settings()).isEqualTo(settings);
            }
        }
    }

    @Test
    void issuerWithAColonStaysOutOfTheLabel() {
        try (Secret seed = Secret.wrap(Base32.decode("JBSWY3DPEHPK3PXP"))) {
            TotpSettings settings = new TotpSettings(TotpAlgorithm.SHA1, 6, 30, "A:B", "alice");
            String uri = TotpUri.build(seed, settings);
            assertThat(uri).startsWith("otpauth://totp/alice?");
            try (ParsedTotp parsed = TotpSecretParser.parseUri(uri)) {
                assertThat(parsed.settings()).isEqualTo(settings);
            }
        }
    }
}
