package dev.cofre.common;

/** The request clashes with what is stored, e.g. a name already taken; {@code field} names the clashing input. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
