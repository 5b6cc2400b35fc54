package dev.cofre.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit record: who (user, and the token or session used), what, on which credential or other target, when
 * (server time), from where, and the outcome. {@code detail} is a short text of ours; it never holds a secret.
 * {@code seq} and the chain hashes are assigned when the record is appended.
 */
public record AuditEvent(long seq, Instant at, String actor, UUID actorId, String via, AuditAction action,
                         UUID credentialId, String target, AuditOutcome outcome, String ip, String userAgent,
                         String detail) {

    public AuditEvent {
        // Clipped, not refused: an over-long user agent must not make the audit write (and so the act) fail.
        actor = clip(actor, 64);
        via = clip(via, 80);
        target = clip(target, 200);
        ip = clip(ip, 64);
        userAgent = clip(userAgent, 300);
        detail = clip(detail, 500);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** A record to append; its sequence number and time are assigned by the trail. */
    public static AuditEvent of(String actor, UUID actorId, String via, String ip, String userAgent,
                                AuditAction action, UUID credentialId, String target, AuditOutcome outcome,
                                String detail) {
        return new AuditEvent(0, null, actor, actorId, via, action, credentialId, target, outcome, ip, userAgent,
                detail);
    }

    AuditEvent placed(long seq, Instant at) {
        return new AuditEvent(seq, at, actor, actorId, via, action, credentialId, target, outcome, ip, userAgent,
                detail);
    }
}
