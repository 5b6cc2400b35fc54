package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyRingTests {

    @Test
    void toStringShowsVersionsButNeverKeys() {
        byte[] key = AesGcmBarrierTests.randomKey();
        KeyRing ring = KeyRing.of(2, Map.of(1, AesGcmBarrierTests.randomKey(), 2, key));

        assertThat(ring.toString())
                .contains("current=v2", "[1, 2]", "<masked>")
                .doesNotContain(Base64.getEncoder().encodeToString(key))
                .doesNotContain(HexFormat.of().formatHex(key));
    }

    @Test
    void ringKeepsItsOwnCopyOfTheKeys() {
        byte[] key = AesGcmBarrierTests.randomKey();
        byte[] expected = key.clone();
        KeyRing ring = KeyRing.single(key);

        java.util.Arrays.fill(key, (byte) 0);

        assertThat(ring.current().getEncoded()).isEqualTo(expected);
    }

    @Test
    void keysOfTheWrongLengthAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> KeyRing.single(new byte[16]));
        assertThatIllegalArgumentException().isThrownBy(() -> KeyRing.single(new byte[33]));
    }

    @Test
    void currentVersionMustBeInTheRing() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRing.of(2, Map.of(1, AesGcmBarrierTests.randomKey())));
    }

    @Test
    void versionsStartAtOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRing.of(0, Map.of(0, AesGcmBarrierTests.randomKey())));
    }
}
