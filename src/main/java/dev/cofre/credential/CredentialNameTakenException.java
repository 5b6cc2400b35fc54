package dev.cofre.credential;

/** Another credential already has this name (names are unique, ignoring case). */
public class CredentialNameTakenException extends RuntimeException {

    public CredentialNameTakenException() {
        super("A credential with this name already exists");
    }
}
