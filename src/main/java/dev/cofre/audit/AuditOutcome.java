package dev.cofre.audit;

/** How an audited act ended. Stored by name: never rename a constant. */
public enum AuditOutcome {
    SUCCESS, DENIED, FAILURE
}
