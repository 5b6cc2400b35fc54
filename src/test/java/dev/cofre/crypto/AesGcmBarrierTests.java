package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AesGcmBarrierTests {

    private static final Binding BINDING = Binding.of("credential:7f1c", "password");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] masterKey = randomKey();
    private final AesGcmBarrier barrier = new AesGcmBarrier(KeyRing.single(masterKey));

    @Test
    void sealedSecretOpensToTheSameBytes() {
        assertRoundTrip("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptySecretSealsAndOpens() {
        Ciphertext sealed = barrier.seal(Secret.wrap(new byte[0]), BINDING);

        assertThat(sealed.bytes()).hasSize(AesGcmBarrier.OVERHEAD_BYTES);
        try (Secret opened = barrier.open(sealed, BINDING)) {
            assertThat(opened.length()).isZero();
        }
    }

    @Test
    void largestAllowedSecretSealsAndOpens() {
        byte[] large = new byte[AesGcmBarrier.MAX_PLAINTEXT_BYTES];
        RANDOM.nextBytes(large);
        assertRoundTrip(large);
    }

    @Test
    void secretLongerThanTheLimitIsRefusedWithoutShowingIt() {
        byte[] tooLarge = new byte[AesGcmBarrier.MAX_PLAINTEXT_BYTES + 1];
        Arrays.fill(tooLarge, (byte) 'x');

        assertThatThrownBy(() -> barrier.seal(Secret.wrap(tooLarge), BINDING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("xxxx");
    }

    @Test
    void unicodeSecretRoundTripsAsUtf8() {
        String text = "Senha çã ñ 密码 пароль 🔐\u0000end";
        Ciphertext sealed = barrier.seal(Secret.ofUtf8(text), BINDING);

        try (Secret opened = barrier.open(sealed, BINDING)) {
            assertThat(opened.utf8()).isEqualTo(text);
        }
    }

    @Test
    void ciphertextCarriesFormatAndCurrentKeyVersion() {
        byte[] ring2 = randomKey();
        AesGcmBarrier versioned = new AesGcmBarrier(KeyRing.of(2, Map.of(1, masterKey, 2, ring2)));

        Ciphertext sealed = versioned.seal(Secret.ofUtf8("pw"), BINDING);

        assertThat(sealed.keyVersion()).isEqualTo(2);
        assertThat(sealed.bytes()[0]).isEqualTo(AesGcmBarrier.FORMAT_V1);
        assertThat(ByteBuffer.wrap(sealed.bytes(), 1, 4).getInt()).isEqualTo(2);
    }

    @Test
    void oldKeyVersionStillOpensAfterANewOneIsAdded() {
        Ciphertext sealedUnderV1 = barrier.seal(Secret.ofUtf8("old"), BINDING);
        AesGcmBarrier rotated = new AesGcmBarrier(KeyRing.of(2, Map.of(1, masterKey, 2, randomKey())));

        try (Secret opened = rotated.open(sealedUnderV1, BINDING)) {
            assertThat(opened.utf8()).isEqualTo("old");
        }
    }

    @Test
    void flippingAnySingleByteFailsToOpen() {
        Ciphertext sealed = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);
        byte[] original = sealed.bytes();

        for (int position = 0; position < original.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = original.clone();
                altered[position] ^= (byte) (1 << bit);
                Ciphertext tampered = new Ciphertext(sealed.keyVersion(), altered);
                int where = position;
                assertThatThrownBy(() -> barrier.open(tampered, BINDING))
                        .as("bit %d of byte %d", bit, where)
                        .isInstanceOf(CiphertextTamperedException.class);
            }
        }
    }

    @Test
    void truncatedCiphertextFailsToOpen() {
        Ciphertext sealed = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);

        for (int length = 1; length < sealed.bytes().length; length++) {
            Ciphertext truncated = new Ciphertext(1, Arrays.copyOf(sealed.bytes(), length));
            assertThatThrownBy(() -> barrier.open(truncated, BINDING))
                    .isInstanceOf(CiphertextTamperedException.class);
        }
    }

    @Test
    void extendedOrOversizedCiphertextFailsToOpen() {
        Ciphertext sealed = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);
        Ciphertext extended = new Ciphertext(1, Arrays.copyOf(sealed.bytes(), sealed.bytes().length + 1));
        byte[] huge = Arrays.copyOf(sealed.bytes(), AesGcmBarrier.OVERHEAD_BYTES + AesGcmBarrier.MAX_PLAINTEXT_BYTES + 1);

        assertThatThrownBy(() -> barrier.open(extended, BINDING)).isInstanceOf(CiphertextTamperedException.class);
        assertThatThrownBy(() -> barrier.open(new Ciphertext(1, huge), BINDING))
                .isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void unknownFormatByteFailsToOpen() {
        byte[] bytes = barrier.seal(Secret.ofUtf8("hunter2"), BINDING).bytes();
        bytes[0] = 0x02;

        assertThatThrownBy(() -> barrier.open(new Ciphertext(1, bytes), BINDING))
                .isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void ciphertextMovedToAnotherOwnerFailsToOpen() {
        Ciphertext sealed = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);

        assertThatThrownBy(() -> barrier.open(sealed, Binding.of("credential:7f1d", "password")))
                .isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void ciphertextMovedToAnotherFieldFailsToOpen() {
        Ciphertext sealed = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);

        assertThatThrownBy(() -> barrier.open(sealed, Binding.of("credential:7f1c", "totp_secret")))
                .isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void wrappedKeySplicedFromAnotherValueFailsToOpen() {
        Binding other = Binding.of("credential:other", "password");
        byte[] victim = barrier.seal(Secret.ofUtf8("victim"), BINDING).bytes();
        byte[] attacker = barrier.seal(Secret.ofUtf8("attacker"), other).bytes();
        // Header + wrap nonce + wrapped key from the attacker's value, data part from the victim's.
        System.arraycopy(attacker, 0, victim, 0, 65);

        assertThatThrownBy(() -> barrier.open(new Ciphertext(1, victim), BINDING))
                .isInstanceOf(CiphertextTamperedException.class);
        assertThatThrownBy(() -> barrier.open(new Ciphertext(1, victim), other))
                .isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void ciphertextSealedUnderAnotherMasterKeyFailsToOpen() {
        AesGcmBarrier otherVault = new AesGcmBarrier(KeyRing.single(randomKey()));
        Ciphertext sealed = otherVault.seal(Secret.ofUtf8("hunter2"), BINDING);

        assertThatThrownBy(() -> barrier.open(sealed, BINDING)).isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void unknownKeyVersionFailsToOpen() {
        AesGcmBarrier newer = new AesGcmBarrier(KeyRing.of(9, Map.of(9, masterKey)));
        Ciphertext sealedUnderV9 = newer.seal(Secret.ofUtf8("hunter2"), BINDING);

        assertThatThrownBy(() -> barrier.open(sealedUnderV9, BINDING)).isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void recordKeyVersionThatDisagreesWithTheBytesFailsToOpen() {
        AesGcmBarrier twoVersions = new AesGcmBarrier(KeyRing.of(1, Map.of(1, masterKey, 2, masterKey)));
        Ciphertext sealed = twoVersions.seal(Secret.ofUtf8("hunter2"), BINDING);

        assertThatThrownBy(() -> twoVersions.open(new Ciphertext(2, sealed.bytes()), BINDING))
                .isInstanceOf(CiphertextTamperedException.class);
    }

    @Test
    void samePlaintextSealedTwiceGivesDifferentBytes() {
        Ciphertext first = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);
        Ciphertext second = barrier.seal(Secret.ofUtf8("hunter2"), BINDING);

        assertThat(first.bytes()).isNotEqualTo(second.bytes());
        assertThat(Arrays.copyOfRange(first.bytes(), 5, 17)).isNotEqualTo(Arrays.copyOfRange(second.bytes(), 5, 17));
        assertThat(Arrays.copyOfRange(first.bytes(), 65, 77)).isNotEqualTo(Arrays.copyOfRange(second.bytes(), 65, 77));
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        byte[] plaintext = "a-very-recognisable-password".getBytes(StandardCharsets.UTF_8);
        Ciphertext sealed = barrier.seal(Secret.copyOf(plaintext), BINDING);

        assertThat(indexOf(sealed.bytes(), plaintext)).isEqualTo(-1);
        assertThat(sealed.toString()).doesNotContain("recognisable");
    }

    @Test
    void failuresNeverMentionThePlaintextTheKeyOrTheBinding() {
        String plaintext = "planted-secret-4711";
        Ciphertext sealed = barrier.seal(Secret.ofUtf8(plaintext), BINDING);
        byte[] altered = sealed.bytes().clone();
        altered[altered.length - 1] ^= 1;

        Throwable tampered = catchFailure(() -> barrier.open(new Ciphertext(1, altered), BINDING));
        Throwable moved = catchFailure(() -> barrier.open(sealed, Binding.of("credential:x", "password")));

        for (Throwable failure : new Throwable[] {tampered, moved}) {
            assertThat(failure).isInstanceOf(CiphertextTamperedException.class).hasNoCause();
            assertThat(failure.getMessage())
                    .doesNotContain(plaintext)
                    .doesNotContain("7f1c")
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(masterKey))
                    .isEqualTo(((CiphertextTamperedException) moved).getMessage());
        }
        assertThat(barrier.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(masterKey));
    }

    @Test
    void concurrentSealsAndOpensAllRoundTrip() throws Exception {
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String text = "secret-" + id + "-" + i;
                        Binding binding = Binding.of("credential:" + id, "password");
                        try (Secret opened = barrier.open(barrier.seal(Secret.ofUtf8(text), binding), binding)) {
                            if (!opened.utf8().equals(text)) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertRoundTrip(byte[] plaintext) {
        Ciphertext sealed = barrier.seal(Secret.copyOf(plaintext), BINDING);

        assertThat(sealed.bytes()).hasSize(AesGcmBarrier.OVERHEAD_BYTES + plaintext.length);
        try (Secret opened = barrier.open(sealed, BINDING)) {
            assertThat(opened.bytes()).isEqualTo(plaintext);
        }
    }

    private static Throwable catchFailure(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
