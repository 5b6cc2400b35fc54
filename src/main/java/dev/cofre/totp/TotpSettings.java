package dev.cofre.totp;

/**
 * How the codes of one TOTP secret are made and labelled: everything except the seed itself, so it can live in
 * plain columns next to the encrypted seed. Always valid once constructed.
 *
 * @param algorithm   HMAC hash; null means {@link TotpAlgorithm#SHA1}
 * @param digits      code length, 6 to 10
 * @param period      time step in seconds, 1 to 86400 (RFC 6238's X; 30 by default)
 * @param issuer      the service the secret belongs to, or null; blank becomes null
 * @param accountName the account at that service, or null; blank becomes null
 */
public record TotpSettings(TotpAlgorithm algorithm, int digits, int period, String issuer, String accountName) {

    public static final int DEFAULT_DIGITS = 6;
    public static final int DEFAULT_PERIOD = 30;
    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 10;
    public static final int MAX_PERIOD = 86_400;
    static final int MAX_LABEL_LENGTH = 256;

    public TotpSettings {
        if (algorithm == null) {
            algorithm = TotpAlgorithm.defaultAlgorithm();
        }
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new InvalidTotpSecretException("totp.digits", "must be between 6 and 10 (usually 6 or 8)");
        }
        if (period < 1 || period > MAX_PERIOD) {
            throw new InvalidTotpSecretException("totp.period", "must be between 1 and 86400 seconds (usually 30)");
        }
        issuer = label(issuer, "totp.issuer");
        accountName = label(accountName, "totp.accountName");
    }

    /** SHA-1, 6 digits, 30 seconds, no issuer or account: what an authenticator app assumes by default. */
    public static TotpSettings defaults() {
        return new TotpSettings(TotpAlgorithm.SHA1, DEFAULT_DIGITS, DEFAULT_PERIOD, null, null);
    }

    public static TotpSettings of(TotpAlgorithm algorithm, int digits, int period) {
        return new TotpSettings(algorithm, digits, period, null, null);
    }

    public TotpSettings withLabel(String issuer, String accountName) {
        return new TotpSettings(algorithm, digits, period, issuer, accountName);
    }

    private static String label(String value, String field) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        if (stripped.length() > MAX_LABEL_LENGTH) {
            throw new InvalidTotpSecretException(field, "is too long; at most " + MAX_LABEL_LENGTH + " characters");
        }
        for (int i = 0; i < stripped.length(); i++) {
            if (Character.isISOControl(stripped.charAt(i))) {
                throw new InvalidTotpSecretException(field, "must not contain control characters");
            }
        }
        return stripped;
    }
}
