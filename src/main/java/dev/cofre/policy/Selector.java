package dev.cofre.policy;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.cofre.common.InvalidInputException;

/**
 * Which credentials a policy covers: {@code id:<uuid>}, {@code tag:<tag>}, {@code host:<glob>} (where {@code *}
 * matches any run of characters, compared ignoring case) or {@code *} for every credential.
 */
public record Selector(Kind kind, String value) {

    public enum Kind { ALL, ID, TAG, HOST }

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,63}");
    private static final Pattern HOST_GLOB = Pattern.compile("[a-z0-9._:\\[\\]%*-]{1,255}");

    public static Selector parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("*")) {
            return new Selector(Kind.ALL, "*");
        }
        int colon = t.indexOf(':');
        String kind = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : t.substring(colon + 1).strip();
        switch (kind) {
            case "id" -> {
                try {
                    return new Selector(Kind.ID, UUID.fromString(value).toString());
                } catch (IllegalArgumentException e) {
                    throw invalid("id: needs a credential id (UUID)");
                }
            }
            case "tag" -> {
                String tag = value.toLowerCase(Locale.ROOT);
                if (!TAG.matcher(tag).matches()) {
                    throw invalid("tag: needs a tag (a-z, 0-9, . _ : / -)");
                }
                return new Selector(Kind.TAG, tag);
            }
            case "host" -> {
                String glob = value.toLowerCase(Locale.ROOT);
                if (!HOST_GLOB.matcher(glob).matches()) {
                    throw invalid("host: needs a host name pattern (letters, digits, . - : and * as wildcard)");
                }
                return new Selector(Kind.HOST, glob);
            }
            default -> throw invalid("a credential selector is id:<uuid>, tag:<tag>, host:<pattern> or *");
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("credentials", message);
    }

    public boolean matches(UUID id, List<String> tags, String host) {
        return switch (kind) {
            case ALL -> true;
            case ID -> id.toString().equals(value);
            case TAG -> tags.contains(value);
            case HOST -> host != null && globMatches(value, host.toLowerCase(Locale.ROOT));
        };
    }

    /** The SQL LIKE pattern equivalent to a host glob (with {@code \} as escape). */
    String likePattern() {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
    }

    static boolean globMatches(String glob, String text) {
        // Iterative wildcard match: linear in practice, no regex (no catastrophic backtracking on hostile input).
        int g = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    @Override
    public String toString() {
        return kind == Kind.ALL ? "*" : kind.name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
