package dev.cofre.policy;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.cofre.common.InvalidInputException;

/** Who a policy applies to: {@code user:<username>} or {@code group:<group name>}. */
record Subject(String kind, String name) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    static Subject parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String name = colon < 0 ? "" : t.substring(colon + 1).strip();
        if (!(kind.equals("user") || kind.equals("group"))) {
            throw new InvalidInputException("subjects", "a subject is user:<username> or group:<group name>");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("subjects",
                    "a user or group name is 1 to 64 characters: letters, digits, . _ @ - (starting with a letter or digit)");
        }
        return new Subject(kind, name);
    }

    @Override
    public String toString() {
        return kind + ":" + name;
    }
}
