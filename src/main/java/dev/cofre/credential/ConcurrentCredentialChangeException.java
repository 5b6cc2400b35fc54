package dev.cofre.credential;

/** The credential changed between reading and writing it; the client should reload and try again. */
public class ConcurrentCredentialChangeException extends RuntimeException {

    public ConcurrentCredentialChangeException() {
        super("The credential was changed by someone else; reload it and try again");
    }
}
