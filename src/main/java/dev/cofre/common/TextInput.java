package dev.cofre.common;

/** Checks of single-line text fields shared by every feature: trimmed, bounded, no control characters. */
public final class TextInput {

    private TextInput() {
    }

    /** The trimmed value, or null when absent or blank. */
    public static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidInputException(field, field + " is limited to " + max + " characters");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, field + " must not contain control characters");
        }
        return v;
    }

    public static String required(String field, String value, int max) {
        String v = optional(field, value, max);
        if (v == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return v;
    }
}
