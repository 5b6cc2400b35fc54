package dev.cofre.credential;

/** The credential exists but has no password, or no TOTP secret, to use. */
public class SecretNotConfiguredException extends RuntimeException {

    public SecretNotConfiguredException(String message) {
        super(message);
    }

    static SecretNotConfiguredException noTotp() {
        return new SecretNotConfiguredException("This credential has no TOTP secret configured");
    }

    static SecretNotConfiguredException noPassword() {
        return new SecretNotConfiguredException("This credential has no password configured");
    }
}
