package dev.cofre.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.common.InvalidInputException;
import dev.cofre.common.NotFoundException;
import dev.cofre.crypto.Barrier;
import dev.cofre.crypto.Binding;
import dev.cofre.crypto.Ciphertext;
import dev.cofre.crypto.Secret;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyDeniedException;
import dev.cofre.policy.PolicyService;

/**
 * Front door of recorded gateway sessions for auditors (admins, or users granted AUDIT): the session list and
 * the decrypted recordings. Every read and every refusal is audited; the recording is opened only after its read
 * is on record.
 */
@Service
public class SessionService {

    public static final int MAX_PAGE_SIZE = 200;

    private final SessionStore store;
    private final Barrier barrier;
    private final PolicyService policies;
    private final AuditTrail audit;

    SessionService(SessionStore store, Barrier barrier, PolicyService policies, AuditTrail audit) {
        this.store = store;
        this.barrier = barrier;
        this.policies = policies;
        this.audit = audit;
    }

    public List<SessionRecord> list(Actor actor, String username, UUID credentialId, Instant from, Instant to,
                                    int page, int size) {
        if (page < 0 || page > 1_000_000) {
            throw new InvalidInputException("page", "page must be between 0 and 1000000");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        requireAuditor(actor, "ssh sessions");
        audit.record(actor.event(AuditAction.AUDIT_READ, credentialId, "ssh sessions", AuditOutcome.SUCCESS,
                username == null ? null : "user " + username));
        return store.list(username == null || username.isBlank() ? null : username.strip(), credentialId, from, to,
                page, size);
    }

    public SessionRecord get(Actor actor, UUID id) {
        requireAuditor(actor, "ssh session " + id);
        SessionRecord s = store.find(id).orElseThrow(() -> new NotFoundException("Session not found"));
        audit.record(actor.event(AuditAction.AUDIT_READ, s.credentialId(), "ssh session " + id,
                AuditOutcome.SUCCESS, null));
        return s;
    }

    /** The session's asciicast v2 recording, decrypted. */
    public String recording(Actor actor, UUID id) {
        requireAuditor(actor, "ssh session " + id + " recording");
        SessionRecord s = store.find(id).orElseThrow(() -> new NotFoundException("Session not found"));
        Ciphertext sealed = store.recording(id)
                .orElseThrow(() -> new NotFoundException("This session has no recording (yet)"));
        audit.record(actor.event(AuditAction.AUDIT_READ, s.credentialId(), "ssh session " + id + " recording",
                AuditOutcome.SUCCESS, null));
        try (Secret plain = barrier.open(sealed, Binding.of("session:" + id, GatewaySession.RECORDING_FIELD))) {
            return new String(plain.bytes(), StandardCharsets.UTF_8);
        }
    }

    private void requireAuditor(Actor actor, String target) {
        if (!policies.grants(actor).anywhere(Permission.AUDIT)) {
            audit.record(actor.event(AuditAction.AUDIT_READ, null, target, AuditOutcome.DENIED, "needs AUDIT"));
            throw new PolicyDeniedException("Reading sessions needs the AUDIT permission");
        }
    }
}
