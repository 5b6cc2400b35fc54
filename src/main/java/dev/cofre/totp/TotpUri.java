package dev.cofre.totp;

import dev.cofre.crypto.Secret;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code otpauth://totp/} URIs in the Google Authenticator Key URI format, e.g. for the QR code of a user's
 * MFA enrolment. {@link TotpSecretParser} reads them back.
 */
public final class TotpUri {

    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private TotpUri() {
    }

    /**
     * {@code otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=...&digits=...&period=...}, with every
     * setting spelled out (some apps ignore defaults they were not told about) and the label percent-encoded
     * (spaces as {@code %20}, as the format asks).
     *
     * <p>The result contains the secret: show it only as a QR code or to its owner, never log it or put it in a
     * URL of Cofre itself.
     */
    public static String build(Secret seed, TotpSettings settings) {
        StringBuilder uri = new StringBuilder("otpauth://totp/");
        // An issuer holding ':' cannot be told apart from the account in the label; the parameter carries it.
        if (settings.issuer() != null && settings.issuer().indexOf(':') < 0) {
            uri.append(encode(settings.issuer())).append(':');
        }
        if (settings.accountName() != null) {
            uri.append(encode(settings.accountName()));
        }
        uri.append("?secret=").append(Base32.encode(seed.bytes()));
        if (settings.issuer() != null) {
            uri.append("&issuer=").append(encode(settings.issuer()));
        }
        uri.append("&algorithm=").append(settings.algorithm().otpauthName())
                .append("&digits=").append(settings.digits())
                .append("&period=").append(settings.period());
        return uri.toString();
    }

    /** RFC 3986 percent-encoding of UTF-8, leaving only unreserved characters as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && UNRESERVED.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
