package dev.cofre.common;

/**
 * A request value was rejected. {@code field} names it as the client sent it (e.g. {@code totp.digits}); the
 * message says what is wrong and what is accepted, and never repeats the rejected value (it may be a secret).
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
