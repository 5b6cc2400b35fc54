package dev.cofre.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cofre.crypto.Secret;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpGeneratorTests {

    private static final byte[] RFC_SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_SHA256_KEY =
            "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_SHA512_KEY =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hotpMatchesRfc4226AppendixD() {
        int[] expected = {755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489};
        try (TotpGenerator generator = TotpGenerator.of(RFC_SHA1_KEY, TotpAlgorithm.SHA1, 6)) {
            for (int counter = 0; counter < expected.length; counter++) {
                assertThat(generator.hotp(counter)).as("counter %d", counter).isEqualTo(expected[counter]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "59,          94287082, 46119246, 90693936",
        "1111111109,  07081804, 68084774, 25091201",
        "1111111111,  14050471, 67062674, 99943326",
        "1234567890,  89005924, 91819424, 93441116",
        "2000000000,  69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826",
    })
    void totpMatchesRfc6238AppendixB(long time, String sha1, String sha256, String sha512) {
        assertThat(code(RFC_SHA1_KEY, TotpAlgorithm.SHA1, time)).isEqualTo(sha1);
        assertThat(code(RFC_SHA256_KEY, TotpAlgorithm.SHA256, time)).isEqualTo(sha256);
        assertThat(code(RFC_SHA512_KEY, TotpAlgorithm.SHA512, time)).isEqualTo(sha512);
    }

    @Test
    void staticCodeUsesTheSettings() {
        try (Secret seed = Secret.copyOf(RFC_SHA256_KEY)) {
            TotpSettings settings = TotpSettings.of(TotpAlgorithm.SHA256, 8, 30);
            assertThat(TotpGenerator.code(seed, settings, 1111111109L)).isEqualTo("68084774");
            assertThat(TotpGenerator.code(seed, TotpSettings.of(TotpAlgorithm.SHA256, 6, 30), 1111111109L))
                    .isEqualTo("084774");
        }
    }

    @Test
    void nineAndTenDigitCodesAreThe31BitValueModuloThePowerOfTen() {
        // RFC 4226 Appendix D gives the truncated 31-bit values: counter 0 -> 1284755224, counter 1 -> 1094287082.
        try (TotpGenerator nine = TotpGenerator.of(RFC_SHA1_KEY, TotpAlgorithm.SHA1, 9);
             TotpGenerator ten = TotpGenerator.of(RFC_SHA1_KEY, TotpAlgorithm.SHA1, 10)) {
            assertThat(nine.hotp(0)).isEqualTo(284755224);
            assertThat(ten.hotp(0)).isEqualTo(1284755224);
            assertThat(ten.hotp(1)).isEqualTo(1094287082);
            // Counter 7 -> 82162583 needs zero padding in both lengths.
            assertThat(TotpGenerator.format(nine.hotp(7), 9)).isEqualTo("082162583");
            assertThat(TotpGenerator.format(ten.hotp(7), 10)).isEqualTo("0082162583");
            assertThat(nine.hotp(3)).isEqualTo(726969429);
        }
    }

    @Test
    void matchesJavaxCryptoMacForRandomKeysOfEveryLength() throws Exception {
        Random random = new Random(4226);
        for (TotpAlgorithm algorithm : TotpAlgorithm.values()) {
            // Includes keys longer than the hash block, which HMAC hashes first.
            for (int length = 1; length <= 200; length += 7) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                long counter = random.nextLong();
                try (TotpGenerator generator = TotpGenerator.of(key, algorithm, 10)) {
                    assertThat(generator.hotp(counter)).as("%s length %d", algorithm, length)
                            .isEqualTo(referenceTruncated(key, algorithm, counter));
                }
            }
        }
    }

    @Test
    void counterIsFlooredAlsoBeforeTheEpoch() {
        assertThat(TotpGenerator.counter(59, 30)).isEqualTo(1);
        assertThat(TotpGenerator.counter(60, 30)).isEqualTo(2);
        assertThat(TotpGenerator.counter(-1, 30)).isEqualTo(-1);
        assertThat(TotpGenerator.counter(0, 1)).isZero();
        assertThatThrownBy(() -> TotpGenerator.counter(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatZeroPadsToTheDigitCount() {
        assertThat(TotpGenerator.format(0, 6)).isEqualTo("000000");
        assertThat(TotpGenerator.format(7081804, 8)).isEqualTo("07081804");
        assertThat(TotpGenerator.format(1284755224, 10)).isEqualTo("1284755224");
        assertThat(TotpGenerator.format(94287082, 10)).isEqualTo("0094287082");
        assertThatThrownBy(() -> TotpGenerator.format(1234567, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotpGenerator.format(-1, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDigitsOutsideSixToTenAndEmptyKeys() {
        assertThatThrownBy(() -> TotpGenerator.of(RFC_SHA1_KEY, TotpAlgorithm.SHA1, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotpGenerator.of(RFC_SHA1_KEY, TotpAlgorithm.SHA1, 11))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotpGenerator.of(new byte[0], TotpAlgorithm.SHA1, 6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedGeneratorRefusesToCompute() {
        TotpGenerator generator = TotpGenerator.of(RFC_SHA1_KEY, TotpAlgorithm.SHA1, 6);
        generator.close();
        assertThatThrownBy(() -> generator.hotp(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void generatorDoesNotKeepTheSeed() {
        Secret seed = Secret.copyOf(RFC_SHA1_KEY);
        try (TotpGenerator generator = TotpGenerator.of(seed, TotpAlgorithm.SHA1, 6)) {
            seed.close();
            assertThat(generator.hotp(0)).isEqualTo(755224);
        }
    }

    @Test
    void steadyStateCodesAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        for (TotpAlgorithm algorithm : TotpAlgorithm.values()) {
            try (TotpGenerator generator = TotpGenerator.of(RFC_SHA512_KEY, algorithm, 8)) {
                int sink = 0;
                for (int i = 0; i < 20_000; i++) {
                    sink += generator.hotp(i); // warm-up, also through the JIT
                }
                long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < 100_000; i++) {
                    sink += generator.at(1_700_000_000L + i, 30);
                }
                long allocated = threads.getThreadAllocatedBytes(threadId) - before;
                // Tolerance for the measurement itself; one array per code would be at least 2.4 MB.
                assertThat(allocated).as("%s bytes for 100k codes (sink %d)", algorithm, sink).isLessThan(10_000);
            }
        }
    }

    private static String code(byte[] key, TotpAlgorithm algorithm, long time) {
        try (TotpGenerator generator = TotpGenerator.of(key, algorithm, 8)) {
            return TotpGenerator.format(generator.at(time, 30), 8);
        }
    }

    private static int referenceTruncated(byte[] key, TotpAlgorithm algorithm, long counter) throws Exception {
        Mac mac = Mac.getInstance(algorithm.jcaName());
        mac.init(new SecretKeySpec(key, algorithm.jcaName()));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        int o = h[h.length - 1] & 0xf;
        return ByteBuffer.wrap(h, o, 4).getInt() & 0x7fffffff;
    }
}
