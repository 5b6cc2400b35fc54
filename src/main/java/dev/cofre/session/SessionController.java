package dev.cofre.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;

/** {@code /api/v1/sessions}: recorded SSH gateway sessions, for auditors. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    static final MediaType ASCIICAST = MediaType.parseMediaType("application/x-asciicast");

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    record SessionList(List<SessionRecord> items, int page, int size) {
    }

    @GetMapping
    SessionList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String user,
                     @RequestParam(required = false) UUID credentialId, @RequestParam(required = false) Instant from,
                     @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "0") int page,
                     @RequestParam(defaultValue = "50") int size) {
        return new SessionList(sessions.list(actor, user, credentialId, from, to, page, size), page, size);
    }

    @GetMapping("/{id}")
    SessionRecord get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return sessions.get(actor, id);
    }

    @GetMapping("/{id}/recording")
    ResponseEntity<String> recording(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return ResponseEntity.ok().contentType(ASCIICAST).header("Cache-Control", "no-store")
                .body(sessions.recording(actor, id));
    }
}
