package dev.cofre.audit;

import java.util.UUID;


/**
 * Who is acting on a request and from where: the authenticated user, the API token or web session used, and the
 * client's address and user agent. Passed to every front door so that policy checks and audit records agree.
 */
public record Actor(UUID userId, String username, boolean admin, String via, String ip, String userAgent) {

    /** An audit record of this actor doing {@code action}. */
    public AuditEvent event(AuditAction action, UUID credentialId, String target, AuditOutcome outcome,
                            String detail) {
        return AuditEvent.of(username, userId, via, ip, userAgent, action, credentialId, target, outcome, detail);
    }

    /** Cofre acting on its own behalf (start-up tasks, scheduled jobs). */
    public static Actor system() {
        return new Actor(null, "system", true, "system", null, null);
    }
}
