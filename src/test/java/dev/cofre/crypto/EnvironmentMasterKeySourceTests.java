package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentMasterKeySourceTests {

    @Test
    void base64OfThirtyTwoBytesIsTheKey() {
        byte[] key = AesGcmBarrierTests.randomKey();

        byte[] loaded = new EnvironmentMasterKeySource(Base64.getEncoder().encodeToString(key)).load();

        assertThat(loaded).isEqualTo(key);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        byte[] key = AesGcmBarrierTests.randomKey();

        byte[] loaded = new EnvironmentMasterKeySource("  " + Base64.getEncoder().encodeToString(key) + "\n").load();

        assertThat(loaded).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 24, 31, 33, 64})
    void keyOfAnyOtherLengthRefusesStartNamingThePropertyButNotTheValue(int length) {
        byte[] key = new byte[length];
        java.util.Arrays.fill(key, (byte) 0x5a);
        String value = Base64.getEncoder().encodeToString(key);

        assertThatThrownBy(() -> new EnvironmentMasterKeySource(value).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("COFRE_MASTER_KEY")
                .hasMessageContaining("cofre.crypto.master-key")
                .satisfies(e -> {
                    if (!value.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(value);
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!", "s3cr3t-p@ssw0rd-as-key", "====", "YWJj*ZGVm"})
    void garbageRefusesStartNamingThePropertyButNotTheValue(String value) {
        assertThatThrownBy(() -> new EnvironmentMasterKeySource(value).load())
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("COFRE_MASTER_KEY")
                .hasMessageNotContaining(value)
                .hasMessageNotContaining("@")
                .hasNoCause();
    }

    @Test
    void errorTellsHowToMakeAKey() {
        assertThatThrownBy(() -> new EnvironmentMasterKeySource("abc").load())
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.action()).contains("openssl rand -base64 32"));
    }

    @Test
    void propertiesToStringMasksTheKey() {
        String value = Base64.getEncoder().encodeToString(AesGcmBarrierTests.randomKey());

        assertThat(new CryptoProperties(value).toString()).doesNotContain(value).contains("<masked>");
        assertThat(new CryptoProperties("").toString()).contains("<unset>");
        assertThat(new EnvironmentMasterKeySource(value).toString()).doesNotContain(value);
    }
}
