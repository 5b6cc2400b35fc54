package dev.cofre.bench;

import java.nio.charset.StandardCharsets;

/** RFC 6238 appendix B: seeds, times and 8-digit codes; every engine in a race must reproduce them first. */
final class RfcVectors {

    static final long[] TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
    static final int[] SHA1 = {94287082, 7081804, 14050471, 89005924, 69279037, 65353130};
    static final int[] SHA512 = {90693936, 25091201, 99943326, 93441116, 38618901, 47863826};
    static final int PERIOD = 30;
    static final int DIGITS = 6;

    private RfcVectors() {
    }

    static byte[] seed(String algorithm) {
        String ascii = switch (algorithm) {
            case "SHA1" -> "12345678901234567890";
            case "SHA512" -> "1234567890123456789012345678901234567890123456789012345678901234";
            default -> throw new IllegalArgumentException(algorithm);
        };
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** The expected code at {@code TIMES[i]}, cut to {@link #DIGITS} digits (the same truncated value mod 10^6). */
    static int expected(String algorithm, int i) {
        int[] codes = algorithm.equals("SHA1") ? SHA1 : SHA512;
        return codes[i] % 1_000_000;
    }

    static void check(String engine, String algorithm, int i, long actual) {
        if (actual != expected(algorithm, i)) {
            throw new IllegalStateException(engine + " " + algorithm + " disagrees with RFC 6238 at t=" + TIMES[i]
                    + ": " + actual + " != " + expected(algorithm, i));
        }
    }

    /** RFC 4648 Base32 without padding, for the libraries that take the seed as text. */
    static String base32(byte[] data) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
