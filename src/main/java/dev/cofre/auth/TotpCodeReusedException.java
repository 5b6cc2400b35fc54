package dev.cofre.auth;

/** A one-time code that was already accepted was presented again within its window. */
public class TotpCodeReusedException extends RuntimeException {

    public TotpCodeReusedException() {
        super("This one-time code was already used; wait for the next one");
    }
}
