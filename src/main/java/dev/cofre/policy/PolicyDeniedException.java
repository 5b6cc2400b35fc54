package dev.cofre.policy;

/** The caller may see the credential (or resource) but lacks the permission for this act. */
public class PolicyDeniedException extends RuntimeException {

    public PolicyDeniedException(String message) {
        super(message);
    }
}
