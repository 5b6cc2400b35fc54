package dev.cofre.totp;

import java.util.Locale;

/**
 * The HMAC hash of a TOTP secret (RFC 6238 section 1.2). SHA-1 is the default of RFC 6238, the Key URI format and
 * every authenticator app; SHA-256 and SHA-512 are accepted for services that ask for them.
 */
public enum TotpAlgorithm {
    SHA1("HmacSHA1", "SHA-1", "SHA1", 20, 64),
    SHA256("HmacSHA256", "SHA-256", "SHA256", 32, 64),
    SHA512("HmacSHA512", "SHA-512", "SHA512", 64, 128);

    private final String jcaName;
    private final String digestName;
    private final String otpauthName;
    private final int macLength;
    private final int blockLength;

    TotpAlgorithm(String jcaName, String digestName, String otpauthName, int macLength, int blockLength) {
        this.jcaName = jcaName;
        this.digestName = digestName;
        this.otpauthName = otpauthName;
        this.macLength = macLength;
        this.blockLength = blockLength;
    }

    /** The algorithm used when none is given. */
    public static TotpAlgorithm defaultAlgorithm() {
        return SHA1;
    }

    /** The JCA {@code Mac} name, e.g. {@code HmacSHA256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The JCA {@code MessageDigest} name, e.g. {@code SHA-256}. */
    public String digestName() {
        return digestName;
    }

    /** The value of the {@code algorithm} parameter of an {@code otpauth://} URI, e.g. {@code SHA256}. */
    public String otpauthName() {
        return otpauthName;
    }

    /** The HMAC output length in bytes. */
    public int macLength() {
        return macLength;
    }

    /** The hash block length in bytes (the HMAC key pad length). */
    public int blockLength() {
        return blockLength;
    }

    /**
     * Parses {@code SHA1}, {@code SHA-1}, {@code HmacSHA1} and the like for SHA-256 and SHA-512, in any case and
     * with surrounding spaces.
     *
     * @throws InvalidTotpSecretException (field {@code totp.algorithm}) for anything else, including null
     */
    public static TotpAlgorithm parse(String text) {
        if (text != null) {
            String name = text.strip().toUpperCase(Locale.ROOT);
            if (name.startsWith("HMAC")) {
                name = name.substring(4);
            }
            switch (name.replace("-", "").replace("_", "")) {
                case "SHA1":
                    return SHA1;
                case "SHA256":
                    return SHA256;
                case "SHA512":
                    return SHA512;
                default:
                    break;
            }
        }
        // The rejected value is not echoed: it is harmless here, but one rule for every TOTP field is easier to keep.
        throw new InvalidTotpSecretException("totp.algorithm",
                "unsupported algorithm; accepted: SHA1 (default), SHA256, SHA512");
    }
}
