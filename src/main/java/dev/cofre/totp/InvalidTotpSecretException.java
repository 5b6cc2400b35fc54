package dev.cofre.totp;

/**
 * A TOTP secret, URI or setting was rejected. The message is written for the person who typed the value: it says
 * what is wrong and what is accepted, and never contains the secret, a fragment of it or the rejected character.
 * {@link #field()} names the input ({@code totp.secret}, {@code totp.uri}, {@code totp.digits}, ...) so that the
 * API can point at it.
 */
public class InvalidTotpSecretException extends RuntimeException {

    private final String field;

    public InvalidTotpSecretException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field the error is about, e.g. {@code totp.secret}. */
    public String field() {
        return field;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + field + ": " + getMessage() + "]";
    }
}
