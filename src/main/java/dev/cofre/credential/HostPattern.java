package dev.cofre.credential;

import java.util.ArrayList;
import java.util.List;

/**
 * A host LIKE pattern of a policy (lower case, {@code \\} escapes, {@code %} for the glob's {@code *}) split into
 * what an index can answer: the literal text before the first wildcard and after the last one. The LIKE itself
 * stays the exact test; a prefix or suffix range only narrows which index entries it is applied to.
 */
record HostPattern(String like, String prefix, String suffix, boolean exact, String reversedLike) {

    /** A character of the pattern: a literal, or a wildcard ({@code %} or {@code _}, never escaped). */
    private record Token(char ch, boolean wildcard) {

        String like() {
            return !wildcard && (ch == '\\' || ch == '%' || ch == '_') ? "\\" + ch : String.valueOf(ch);
        }
    }

    static HostPattern parse(String like) {
        List<Token> tokens = new ArrayList<>();
        boolean escaped = false;
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            if (!escaped && ch == '\\') {
                escaped = true;
                continue;
            }
            tokens.add(new Token(ch, !escaped && (ch == '%' || ch == '_')));
            escaped = false;
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).wildcard()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        String prefix = literal(tokens.subList(0, first < 0 ? tokens.size() : first));
        String suffix = literal(tokens.subList(last + 1, tokens.size()));
        // The reversed host (host_rev) matches the reversed pattern exactly when the host matches this one.
        StringBuilder reversed = new StringBuilder();
        for (int i = tokens.size() - 1; i >= 0; i--) {
            reversed.append(tokens.get(i).like());
        }
        return new HostPattern(like, prefix, suffix, first < 0, reversed.toString());
    }

    private static String literal(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        tokens.forEach(t -> sb.append(t.ch()));
        return sb.toString();
    }

    /**
     * The least string greater than every string that starts with {@code prefix} (non-empty), or null when the
     * last character is not ASCII (where UTF-16 and a database's byte order could disagree).
     */
    static String upperBound(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        if (last >= 0x7F) {
            return null;
        }
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
