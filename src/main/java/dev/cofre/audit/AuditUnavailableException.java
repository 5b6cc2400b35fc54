package dev.cofre.audit;

/** The audit record could not be written, so the act it describes must not happen (fail closed: 503). */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException() {
        super("The audit trail is unavailable, so the request was not carried out; try again later");
    }
}
