package dev.cofre.api;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditEvent;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditPage;
import dev.cofre.audit.AuditQuery;
import dev.cofre.audit.AuditTrail;
import dev.cofre.audit.AuditVerification;
import dev.cofre.common.InvalidInputException;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyDeniedException;
import dev.cofre.policy.PolicyService;

/**
 * {@code /api/v1/audit}: read, export and verify the audit trail. Admins, and users granted {@code AUDIT} by a
 * policy. Reading the trail is itself audited.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditTrail audit;
    private final PolicyService policies;

    AuditController(AuditTrail audit, PolicyService policies) {
        this.audit = audit;
        this.policies = policies;
    }

    record PageResponse(List<AuditEvent> items, int page, int size, long total) {
    }

    @GetMapping
    PageResponse search(@AuthenticationPrincipal Actor actor,
                        @RequestParam(name = "actor", required = false) String who,
                        @RequestParam(required = false) UUID credentialId,
                        @RequestParam(required = false) String action,
                        @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to,
                        @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "50") int size) {
        AuditQuery q = query(who, credentialId, action, from, to, page, size);
        requireAuditor(actor, AuditAction.AUDIT_READ);
        AuditPage result = audit.search(q);
        audit.record(actor.event(AuditAction.AUDIT_READ, credentialId, null, AuditOutcome.SUCCESS, "search"));
        return new PageResponse(result.items(), result.page(), result.size(), result.total());
    }

    @GetMapping(value = "/export", produces = "application/x-ndjson")
    void export(@AuthenticationPrincipal Actor actor, @RequestParam(name = "actor", required = false) String who,
                @RequestParam(required = false) UUID credentialId,
                @RequestParam(required = false) String action,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to,
                HttpServletResponse response) throws java.io.IOException {
        AuditQuery q = query(who, credentialId, action, from, to, 0, 1);
        requireAuditor(actor, AuditAction.AUDIT_READ);
        audit.record(actor.event(AuditAction.AUDIT_READ, credentialId, null, AuditOutcome.SUCCESS, "export"));
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cofre-audit.jsonl\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        audit.exportJsonLines(q, out);
        out.flush();
    }

    @GetMapping("/verify")
    AuditVerification verify(@AuthenticationPrincipal Actor actor) {
        requireAuditor(actor, AuditAction.AUDIT_VERIFY);
        AuditVerification result = audit.verify();
        audit.record(actor.event(AuditAction.AUDIT_VERIFY, null, null, AuditOutcome.SUCCESS,
                result.valid() ? "chain valid, " + result.events() + " events" : "chain broken at " + result.brokenAt()));
        return result;
    }

    private void requireAuditor(Actor actor, AuditAction action) {
        if (!policies.grants(actor).anywhere(Permission.AUDIT)) {
            audit.record(actor.event(action, null, null, AuditOutcome.DENIED, "needs AUDIT"));
            throw new PolicyDeniedException("Reading the audit trail needs the AUDIT permission");
        }
    }

    private static AuditQuery query(String who, UUID credentialId, String action, String from, String to, int page,
                                    int size) {
        return new AuditQuery(who == null || who.isBlank() ? null : who.strip(), credentialId,
                AuditQuery.parseAction(action), instant("from", from), instant("to", to), page, size);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
