package dev.cofre.totp;

import dev.cofre.crypto.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a TOTP secret as a person supplies it: a Base32 secret plus optional settings, or an
 * {@code otpauth://totp/} URI (Google Authenticator Key URI format). Everything that is not accepted raises
 * {@link InvalidTotpSecretException} naming the field and what is accepted; no message holds the secret.
 *
 * <p>Decisions beyond the format's text:
 * <ul>
 *   <li>With a URI, the URI decides: its parameters, or the format's defaults (SHA1, 6 digits, 30 s) where it has
 *       none, are what every authenticator app scanning it would use. Explicit algorithm/digits/period arguments
 *       may repeat those values but not contradict them.</li>
 *   <li>The {@code issuer} parameter wins over a different issuer prefix in the label (as Google Authenticator
 *       does), rather than rejecting URIs that real services publish.</li>
 *   <li>The label is optional ({@code otpauth://totp?secret=...}); it is metadata only.</li>
 *   <li>Unknown parameters ({@code image}, {@code color}, ...) are ignored without being decoded; known ones
 *       may appear once. Query values use form encoding ({@code +} is a space).</li>
 *   <li>Digits 6 to 10 and periods 1 to 86400 s are accepted, wider than the format's 6/8 and 30.</li>
 * </ul>
 */
public final class TotpSecretParser {

    /** Longest accepted URI, in UTF-16 chars; checked first so huge input fails fast. */
    public static final int MAX_URI_LENGTH = 4096;
    /** The smallest seed accepted, per RFC 4226 section 4 (128 bits recommended). */
    public static final int MIN_SEED_BYTES = 10;

    private static final String URI = "totp.uri";
    private static final String URI_FORM = "expected otpauth://totp/Issuer:account?secret=BASE32SECRET&issuer=Issuer";

    private TotpSecretParser() {
    }

    /**
     * Parses exactly one of {@code secret} and {@code uri} (null means absent).
     *
     * @param secret    a Base32 secret in any case, with spaces, hyphens, with or without padding
     * @param uri       an {@code otpauth://totp/} URI
     * @param algorithm optional; for a secret it defaults to SHA1, for a URI it must match the URI
     * @param digits    optional; for a secret it defaults to 6, for a URI it must match the URI
     * @param period    optional, seconds; for a secret it defaults to 30, for a URI it must match the URI
     * @return the seed and settings; the caller owns and closes it
     */
    public static ParsedTotp parse(String secret, String uri, String algorithm, Integer digits, Integer period) {
        if (secret != null && uri != null) {
            throw new InvalidTotpSecretException("totp", "give either a secret or an otpauth:// URI, not both");
        }
        if (secret == null && uri == null) {
            throw new InvalidTotpSecretException("totp", "a secret or an otpauth:// URI is required");
        }
        TotpAlgorithm explicitAlgorithm = algorithm == null ? null : TotpAlgorithm.parse(algorithm);
        if (secret != null) {
            TotpSettings settings = new TotpSettings(explicitAlgorithm,
                    digits == null ? TotpSettings.DEFAULT_DIGITS : digits,
                    period == null ? TotpSettings.DEFAULT_PERIOD : period, null, null);
            return new ParsedTotp(decodeSeed(secret, "totp.secret", ""), settings);
        }
        ParsedTotp parsed = parseUri(uri);
        TotpSettings s = parsed.settings();
        try {
            if (explicitAlgorithm != null && explicitAlgorithm != s.algorithm()) {
                throw conflict("totp.algorithm", "algorithm=" + s.algorithm().otpauthName());
            }
            if (digits != null && digits != s.digits()) {
                throw conflict("totp.digits", "digits=" + s.digits());
            }
            if (period != null && period != s.period()) {
                throw conflict("totp.period", "period=" + s.period());
            }
        } catch (InvalidTotpSecretException e) {
            parsed.close();
            throw e;
        }
        return parsed;
    }

    /** Parses a Base32 secret with default settings. */
    public static ParsedTotp parseSecret(String secret) {
        return parse(secret, null, null, null, null);
    }

    /** Parses an {@code otpauth://totp/} URI. */
    public static ParsedTotp parseUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidTotpSecretException(URI, "is empty; " + URI_FORM);
        }
        if (uri.length() > MAX_URI_LENGTH) {
            throw new InvalidTotpSecretException(URI, "is too long; at most " + MAX_URI_LENGTH + " characters");
        }
        for (int i = 0; i < uri.length(); i++) {
            char ch = uri.charAt(i);
            if (Character.isISOControl(ch)) {
                throw new InvalidTotpSecretException(URI,
                        "has a control character at position " + Base32.position(uri, i));
            }
        }
        String text = uri.strip();
        String scheme = "otpauth://";
        if (!text.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw new InvalidTotpSecretException(URI, "must start with otpauth://; " + URI_FORM);
        }
        int typeStart = scheme.length();
        int query = text.indexOf('?', typeStart);
        int pathEnd = query < 0 ? text.length() : query;
        int slash = text.indexOf('/', typeStart);
        int typeEnd = slash >= 0 && slash < pathEnd ? slash : pathEnd;
        String type = text.substring(typeStart, typeEnd);
        if (type.equalsIgnoreCase("hotp")) {
            throw new InvalidTotpSecretException(URI,
                    "HOTP (counter-based, otpauth://hotp/) is not supported; only time-based otpauth://totp/ URIs");
        }
        if (!type.equalsIgnoreCase("totp")) {
            throw new InvalidTotpSecretException(URI, "has an unsupported type; " + URI_FORM);
        }
        String label = typeEnd < pathEnd ? percentDecode(text, typeEnd + 1, pathEnd, false, "label") : "";

        String secret = null;
        String issuer = null;
        String algorithm = null;
        String digits = null;
        String period = null;
        int i = query < 0 ? text.length() : query + 1;
        while (i < text.length()) {
            int amp = text.indexOf('&', i);
            int end = amp < 0 ? text.length() : amp;
            int eq = text.indexOf('=', i);
            int keyEnd = eq >= 0 && eq < end ? eq : end;
            int valueStart = Math.min(keyEnd + 1, end);
            String key = text.substring(i, keyEnd).toLowerCase(Locale.ROOT);
            switch (key) {
                case "secret":
                    secret = once(secret, key, text, valueStart, end);
                    break;
                case "issuer":
                    issuer = once(issuer, key, text, valueStart, end);
                    break;
                case "algorithm":
                    algorithm = once(algorithm, key, text, valueStart, end);
                    break;
                case "digits":
                    digits = once(digits, key, text, valueStart, end);
                    break;
                case "period":
                    period = once(period, key, text, valueStart, end);
                    break;
                default:
                    break; // image, color, counter, ...: not ours to judge
            }
            i = end + 1;
        }
        if (secret == null || secret.isBlank()) {
            throw new InvalidTotpSecretException(URI, "has no secret parameter; " + URI_FORM);
        }

        TotpAlgorithm parsedAlgorithm;
        try {
            parsedAlgorithm = algorithm == null ? TotpAlgorithm.SHA1 : TotpAlgorithm.parse(algorithm);
        } catch (InvalidTotpSecretException e) {
            throw new InvalidTotpSecretException(URI, "algorithm parameter: " + e.getMessage());
        }
        int parsedDigits = digits == null ? TotpSettings.DEFAULT_DIGITS : number(digits, "digits", 6, 10);
        int parsedPeriod = period == null ? TotpSettings.DEFAULT_PERIOD
                : number(period, "period", 1, TotpSettings.MAX_PERIOD);

        String account = label;
        int colon = label.indexOf(':');
        if (colon >= 0) {
            String labelIssuer = label.substring(0, colon);
            account = label.substring(colon + 1);
            if (issuer == null) {
                issuer = labelIssuer;
            }
        }
        TotpSettings settings;
        try {
            settings = new TotpSettings(parsedAlgorithm, parsedDigits, parsedPeriod, issuer, account);
        } catch (InvalidTotpSecretException e) {
            throw new InvalidTotpSecretException(URI, "label or issuer parameter " + e.getMessage());
        }
        return new ParsedTotp(decodeSeed(secret, URI, "secret parameter "), settings);
    }

    private static Secret decodeSeed(String text, String field, String prefix) {
        byte[] seed;
        try {
            seed = Base32.decode(text);
        } catch (InvalidTotpSecretException e) {
            throw new InvalidTotpSecretException(field, prefix + e.getMessage());
        }
        if (seed.length < MIN_SEED_BYTES) {
            int bits = seed.length * 8;
            Arrays.fill(seed, (byte) 0);
            throw new InvalidTotpSecretException(field, prefix + "is too short (" + bits
                    + " bits); at least 80 bits (16 Base32 characters) are required");
        }
        return Secret.wrap(seed);
    }

    private static InvalidTotpSecretException conflict(String field, String uriValue) {
        return new InvalidTotpSecretException(field, "conflicts with the otpauth:// URI, which says " + uriValue
                + "; leave this field out or make it match");
    }

    private static String once(String previous, String key, String text, int start, int end) {
        if (previous != null) {
            throw new InvalidTotpSecretException(URI, "has the " + key + " parameter more than once");
        }
        return percentDecode(text, start, end, true, key + " parameter");
    }

    private static int number(String value, String name, int min, int max) {
        String v = value.strip();
        boolean numeric = !v.isEmpty() && v.length() <= 6;
        for (int i = 0; numeric && i < v.length(); i++) {
            numeric = v.charAt(i) >= '0' && v.charAt(i) <= '9';
        }
        int n = numeric ? Integer.parseInt(v) : -1;
        if (n < min || n > max) {
            throw new InvalidTotpSecretException(URI,
                    name + " parameter must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    /**
     * Strict percent-decoding as UTF-8; {@code +} is a space in the query (form encoding) but itself in the path.
     * Errors name the part, never its content.
     */
    private static String percentDecode(String text, int start, int end, boolean plusIsSpace, String part) {
        if (text.indexOf('%', start) < 0 || text.indexOf('%', start) >= end) {
            String raw = text.substring(start, end);
            return plusIsSpace ? raw.replace('+', ' ') : raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate((end - start) * 4);
        try {
            for (int i = start; i < end; i++) {
                char ch = text.charAt(i);
                if (ch == '%') {
                    int hi = i + 2 < end ? Character.digit(text.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < end ? Character.digit(text.charAt(i + 2), 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw new InvalidTotpSecretException(URI,
                                part + " has a malformed %-escape; write %XX with two hex digits, or %25 for '%'");
                    }
                    bytes.put((byte) (hi << 4 | lo));
                    i += 2;
                } else if (ch == '+' && plusIsSpace) {
                    bytes.put((byte) ' ');
                } else {
                    int cp = text.codePointAt(i);
                    bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i += Character.charCount(cp) - 1;
                }
            }
            bytes.flip();
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
            for (int i = 0; i < decoded.length(); i++) {
                if (Character.isISOControl(decoded.charAt(i))) {
                    throw new InvalidTotpSecretException(URI, part + " has an encoded control character");
                }
            }
            return decoded;
        } catch (CharacterCodingException e) {
            throw new InvalidTotpSecretException(URI, part + " has %-escapes that are not valid UTF-8");
        } finally {
            Arrays.fill(bytes.array(), (byte) 0);
        }
    }
}
