package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class SecretTests {

    @Test
    void toStringIsMasked() {
        try (Secret secret = Secret.ofUtf8("hunter2")) {
            assertThat(secret.toString()).isEqualTo("Secret[***]").doesNotContain("hunter2");
            assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("hunter2");
        }
    }

    @Test
    void closeWipesTheBytes() {
        byte[] bytes = "hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Secret secret = Secret.wrap(bytes);

        secret.close();

        assertThat(bytes).containsOnly((byte) 0);
    }

    @Test
    void closedSecretCannotBeRead() {
        Secret secret = Secret.ofUtf8("hunter2");
        secret.close();

        assertThatIllegalStateException().isThrownBy(secret::bytes);
        assertThatIllegalStateException().isThrownBy(secret::utf8);
    }

    @Test
    void invalidUtf8FailsWithoutShowingTheBytes() {
        try (Secret secret = Secret.copyOf(new byte[] {'a', 'b', (byte) 0xff})) {
            assertThatIllegalStateException().isThrownBy(secret::utf8).withMessageNotContaining("ab");
        }
    }
}
