package dev.cofre.totp;

/**
 * RFC 4648 Base32, as people paste TOTP secrets. Decoding is forgiving about form and strict about content:
 * any letter case, spaces and hyphens anywhere, and '=' padding either absent or complete at the end are accepted;
 * any other character is rejected by its position only, never by echoing it, since it may be part of a secret.
 *
 * <p>Leftover bits in the last character (the bits that do not fill a byte) are ignored, not rejected: Google
 * Authenticator and {@code oathtool} ignore them too, and rejecting would refuse secrets that work in every app.
 * As a result two inputs that differ only in those bits decode to the same seed; {@link #encode(byte[])} gives the
 * one canonical form (upper case, no padding, zero leftover bits).
 */
public final class Base32 {

    /** Longest accepted input, in UTF-16 chars; checked before anything else so huge input fails fast. */
    public static final int MAX_INPUT_LENGTH = 1024;

    static final String ACCEPTED = "Base32 accepts A-Z and 2-7 (any case), spaces, hyphens and trailing '='";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final String FIELD = "totp.secret";

    private Base32() {
    }

    /**
     * Decodes {@code text}.
     *
     * @return a fresh array the caller owns (and should wipe, e.g. by wrapping it in a {@code Secret})
     * @throws InvalidTotpSecretException (field {@code totp.secret}) if the text is empty, too long, holds a
     *                                    character outside the accepted set, or has an impossible length or padding
     */
    public static byte[] decode(CharSequence text) {
        if (text == null || text.length() == 0) {
            throw new InvalidTotpSecretException(FIELD, "is empty; " + ACCEPTED);
        }
        if (text.length() > MAX_INPUT_LENGTH) {
            throw new InvalidTotpSecretException(FIELD, "is too long; at most " + MAX_INPUT_LENGTH + " characters");
        }
        // First pass: validate and count, so the second pass writes into an exact-size array and no partial
        // copy of the secret is left behind.
        int symbols = 0;
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '=') {
                padding++;
            } else if (ch == ' ' || ch == '-') {
                if (padding > 0 && ch == '-') {
                    throw invalidAt(text, i);
                }
            } else if (value(ch) >= 0) {
                if (padding > 0) {
                    throw new InvalidTotpSecretException(FIELD,
                            "has '=' padding before position " + position(text, i) + "; '=' may only end the secret");
                }
                symbols++;
            } else {
                throw invalidAt(text, i);
            }
        }
        if (symbols == 0) {
            throw new InvalidTotpSecretException(FIELD, "is empty; " + ACCEPTED);
        }
        int tail = symbols % 8;
        // 1, 3 or 6 symbols in the last group cannot come from whole bytes.
        if (tail == 1 || tail == 3 || tail == 6) {
            throw new InvalidTotpSecretException(FIELD,
                    "has an impossible length (" + symbols + " Base32 characters); a character may be missing or extra");
        }
        if (padding != 0 && (tail == 0 || tail + padding != 8)) {
            throw new InvalidTotpSecretException(FIELD,
                    "has the wrong amount of '=' padding; remove it or pad the last group to 8 characters");
        }
        byte[] out = new byte[symbols * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length() && n < out.length; i++) {
            int v = value(text.charAt(i));
            if (v < 0) {
                continue;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >>> bits);
            }
        }
        return out;
    }

    /** Canonical Base32: upper case, no padding. The result is as secret as the bytes. */
    public static String encode(byte[] bytes) {
        char[] out = new char[(bytes.length * 8 + 4) / 5];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[n++] = ALPHABET[(buffer >>> bits) & 31];
            }
        }
        if (bits > 0) {
            out[n++] = ALPHABET[(buffer << (5 - bits)) & 31];
        }
        String result = new String(out);
        java.util.Arrays.fill(out, '\0');
        return result;
    }

    private static int value(char ch) {
        if (ch >= 'A' && ch <= 'Z') {
            return ch - 'A';
        }
        if (ch >= 'a' && ch <= 'z') {
            return ch - 'a';
        }
        if (ch >= '2' && ch <= '7') {
            return ch - '2' + 26;
        }
        return -1;
    }

    private static InvalidTotpSecretException invalidAt(CharSequence text, int index) {
        return new InvalidTotpSecretException(FIELD,
                "invalid character at position " + position(text, index) + "; " + ACCEPTED);
    }

    /** 1-based position counted in characters as a person sees them (code points), not UTF-16 units. */
    static int position(CharSequence text, int index) {
        return Character.codePointCount(text, 0, index) + 1;
    }
}
