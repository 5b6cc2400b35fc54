package dev.cofre.credential;

/** No such credential, or none the caller may know about (the two are indistinguishable on purpose). */
public class CredentialNotFoundException extends RuntimeException {

    public CredentialNotFoundException() {
        super("Credential not found");
    }
}
