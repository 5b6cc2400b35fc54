package dev.cofre.totp;

import dev.cofre.crypto.Secret;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The RFC 4226 (HOTP) / RFC 6238 (TOTP) engine for one seed, built for repeated use: once constructed,
 * {@link #hotp(long)} and {@link #at(long, int)} allocate nothing.
 *
 * <p>HMAC (RFC 2104) is computed here over a JCA {@link MessageDigest} rather than through {@code javax.crypto.Mac}:
 * {@code Mac.doFinal(byte[], int)} allocates two arrays per call inside the JDK, while
 * {@code MessageDigest.digest(byte[], int, int)} writes into the caller's array. The hash itself stays the JDK's
 * (with its CPU intrinsics); only the two key pads and the two passes of RFC 2104 are done here. The RFC 4226 and
 * RFC 6238 vectors and an {@code oathtool} cross-check hold this equal to a standard HMAC.
 *
 * <p>Not thread-safe: it reuses its buffers. Create one per thread or per request, or call
 * {@link #code(Secret, TotpSettings, long)} for a one-off code. It holds key material (the HMAC pads), so
 * {@link #close()} it when done; a closed generator refuses to compute.
 */
public final class TotpGenerator implements AutoCloseable {

    // 10^0 .. 10^9; 10 digits use the whole 31-bit value, which is always below 10^10.
    private static final int[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private final MessageDigest digest;
    private final byte[] innerPad;
    private final byte[] outerPad;
    private final byte[] counterBytes = new byte[8];
    private final byte[] innerHash;
    private final byte[] mac;
    private final int macLength;
    private final int digits;
    private boolean closed;

    private TotpGenerator(byte[] key, TotpAlgorithm algorithm, int digits) {
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm must not be null");
        }
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (digits < TotpSettings.MIN_DIGITS || digits > TotpSettings.MAX_DIGITS) {
            throw new IllegalArgumentException("digits must be between 6 and 10");
        }
        this.digest = newDigest(algorithm);
        this.digits = digits;
        this.macLength = algorithm.macLength();
        this.innerHash = new byte[macLength];
        this.mac = new byte[macLength];
        int block = algorithm.blockLength();
        this.innerPad = new byte[block];
        this.outerPad = new byte[block];
        // RFC 2104: a key longer than the block is replaced by its hash.
        byte[] k = key.length > block ? digest.digest(key) : key;
        for (int i = 0; i < block; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** A generator for {@code seed}; the seed's bytes are not kept, so the seed may be closed afterwards. */
    public static TotpGenerator of(Secret seed, TotpAlgorithm algorithm, int digits) {
        return new TotpGenerator(seed.bytes(), algorithm, digits);
    }

    /** A generator for {@code seed} with the algorithm and digits of {@code settings}. */
    public static TotpGenerator of(Secret seed, TotpSettings settings) {
        return of(seed, settings.algorithm(), settings.digits());
    }

    /** A generator for a raw HMAC key; the array is not kept (the caller keeps and wipes it). */
    public static TotpGenerator of(byte[] key, TotpAlgorithm algorithm, int digits) {
        return new TotpGenerator(key, algorithm, digits);
    }

    /** One code for {@code seed} at {@code epochSecond}; convenient, but builds a generator per call. */
    public static String code(Secret seed, TotpSettings settings, long epochSecond) {
        try (TotpGenerator generator = of(seed, settings)) {
            return format(generator.at(epochSecond, settings.period()), settings.digits());
        }
    }

    /** The RFC 6238 time counter: the number of whole periods since the epoch (floored, also before 1970). */
    public static long counter(long epochSecond, int period) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be positive");
        }
        return Math.floorDiv(epochSecond, period);
    }

    /** The TOTP code at {@code epochSecond} for a time step of {@code period} seconds, as a number. */
    public int at(long epochSecond, int period) {
        return hotp(counter(epochSecond, period));
    }

    /** The RFC 4226 HOTP value for {@code counter}, as a number; see {@link #format(long, int)} for the text. */
    public int hotp(long counter) {
        if (closed) {
            throw new IllegalStateException("generator was closed");
        }
        byte[] c = counterBytes;
        c[0] = (byte) (counter >>> 56);
        c[1] = (byte) (counter >>> 48);
        c[2] = (byte) (counter >>> 40);
        c[3] = (byte) (counter >>> 32);
        c[4] = (byte) (counter >>> 24);
        c[5] = (byte) (counter >>> 16);
        c[6] = (byte) (counter >>> 8);
        c[7] = (byte) counter;
        try {
            digest.update(innerPad);
            digest.update(c);
            digest.digest(innerHash, 0, macLength);
            digest.update(outerPad);
            digest.update(innerHash);
            digest.digest(mac, 0, macLength);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("digest failed", e); // cannot happen: the buffers have the right size
        }
        // RFC 4226 section 5.3 dynamic truncation.
        int offset = mac[macLength - 1] & 0x0f;
        int binary = (mac[offset] & 0x7f) << 24
                | (mac[offset + 1] & 0xff) << 16
                | (mac[offset + 2] & 0xff) << 8
                | (mac[offset + 3] & 0xff);
        return digits == 10 ? binary : binary % POWERS_OF_TEN[digits];
    }

    public int digits() {
        return digits;
    }

    /** {@code code} as text of exactly {@code digits} characters, zero-padded on the left. */
    public static String format(long code, int digits) {
        if (digits < 1 || digits > 18 || code < 0) {
            throw new IllegalArgumentException("code or digits out of range");
        }
        char[] text = new char[digits];
        long rest = code;
        for (int i = digits - 1; i >= 0; i--) {
            text[i] = (char) ('0' + (rest % 10));
            rest /= 10;
        }
        if (rest != 0) {
            throw new IllegalArgumentException("code has more than " + digits + " digits");
        }
        return new String(text);
    }

    /** Wipes the key pads and intermediate hashes. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
        Arrays.fill(innerHash, (byte) 0);
        Arrays.fill(mac, (byte) 0);
        digest.reset();
    }

    private static MessageDigest newDigest(TotpAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.digestName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.digestName() + " is required by the Java platform", e);
        }
    }
}
