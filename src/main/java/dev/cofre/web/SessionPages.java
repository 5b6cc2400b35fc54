package dev.cofre.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import dev.cofre.audit.Actor;
import dev.cofre.common.InvalidInputException;
import dev.cofre.session.SessionRecord;
import dev.cofre.session.SessionService;

/**
 * Administration › Sessions: the recorded SSH gateway sessions and a player for their recordings (admins and
 * holders of AUDIT; {@link SessionService} refuses anyone else and audits every read). The recording is handed to
 * the page script as text and never cached; the script renders it with DOM text nodes only.
 */
@Controller
@RequestMapping("/admin/sessions")
class SessionPages {

    static final int PAGE_SIZE = 50;
    static final MediaType ASCIICAST = MediaType.parseMediaType("application/x-asciicast;charset=UTF-8");

    private final SessionService sessions;

    SessionPages(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The session filters as typed. Dates are whole UTC days; {@code to} includes its day. */
    record SessionFilters(String user, String credentialId, String from, String to, int page) {

        UUID credential() {
            if (credentialId == null || credentialId.isBlank()) {
                return null;
            }
            try {
                return UUID.fromString(credentialId.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("credentialId", "credential id must be a UUID");
            }
        }

        Instant fromInstant() {
            return Formats.day("from", from, 0);
        }

        Instant toInstant() {
            return Formats.day("to", to, 1);
        }

        public String url(int toPage) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/admin/sessions");
            add(b, "user", user);
            add(b, "credentialId", credentialId);
            add(b, "from", from);
            add(b, "to", to);
            if (toPage > 1) {
                b.queryParam("page", toPage);
            }
            return b.encode().build().toUriString();
        }

        private static void add(UriComponentsBuilder b, String name, String value) {
            if (value != null && !value.isBlank()) {
                b.queryParam(name, value.strip());
            }
        }

    }

    /** A session as the table and the player show it. */
    record SessionRow(SessionRecord s) {

        private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(ZoneOffset.UTC);

        public String started() {
            return Formats.instant(s.startedAt());
        }

        /** The start without the zone, for the table whose header says UTC. */
        public String startedShort() {
            return SHORT.format(s.startedAt());
        }

        /** The end as the table shows it: the time alone when it is the start's day. */
        public String endedShort() {
            if (s.endedAt() == null) {
                return "still open";
            }
            String end = SHORT.format(s.endedAt());
            return end.substring(0, 10).equals(startedShort().substring(0, 10)) ? "to " + end.substring(11)
                    : "to " + end;
        }

        public String ended() {
            return Formats.instant(s.endedAt());
        }

        public String duration() {
            return s.endedAt() == null ? "—" : duration(Duration.between(s.startedAt(), s.endedAt()));
        }

        public String target() {
            String host = s.targetHost() + (s.targetPort() == 22 ? "" : ":" + s.targetPort());
            return s.targetUsername() == null ? host : s.targetUsername() + "@" + host;
        }

        public String bytesOut() {
            return bytes(s.bytesOut());
        }

        public String bytesIn() {
            return bytes(s.bytesIn());
        }

        public String exit() {
            return s.exitStatus() == null ? "—" : s.exitStatus().toString();
        }

        public String outcome() {
            return s.outcome() == null ? "LIVE" : s.outcome();
        }

        /** The pill colour: a clean end is fine, anything else asks for a look. */
        public String outcomeClass() {
            return s.outcome() == null ? "live" : "ENDED".equals(s.outcome()) ? "ok" : "next";
        }

        static String duration(Duration d) {
            long secs = Math.max(0, d.toSeconds());
            if (secs < 60) {
                return secs + "s";
            }
            if (secs < 3600) {
                return String.format("%dm %02ds", secs / 60, secs % 60);
            }
            return String.format("%dh %02dm %02ds", secs / 3600, secs % 3600 / 60, secs % 60);
        }

        static String bytes(long n) {
            if (n < 1024) {
                return n + " B";
            }
            if (n < 1024 * 1024) {
                return String.format("%.1f KB", n / 1024.0);
            }
            return String.format("%.1f MB", n / (1024.0 * 1024));
        }
    }

    @GetMapping
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String user,
                @RequestParam(defaultValue = "") String credentialId, @RequestParam(defaultValue = "") String from,
                @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "1") int page, Model model,
                HttpServletResponse response) {
        SessionFilters filters = new SessionFilters(user, credentialId, from, to, Math.max(1, Math.min(page, 100_000)));
        model.addAttribute("filters", filters);
        model.addAttribute("section", "sessions");
        List<SessionRecord> found;
        try {
            // One more than a page tells whether there is a next one (the front door does not count).
            found = sessions.list(actor, user, filters.credential(), filters.fromInstant(), filters.toInstant(),
                    filters.page() - 1, PAGE_SIZE + 1);
        } catch (InvalidInputException e) {
            // A bad filter is not a reason to skip the access check: ask again without filters, which refuses
            // (and audits) a user who may not read sessions before any error is shown.
            sessions.list(actor, null, null, null, null, 0, 1);
            model.addAttribute("error", AdminPages.fieldMessage(e));
            model.addAttribute("rows", List.of());
            model.addAttribute("hasNext", false);
            response.setStatus(400);
            return "session/list";
        }
        model.addAttribute("rows", found.stream().limit(PAGE_SIZE).map(SessionRow::new).toList());
        model.addAttribute("hasNext", found.size() > PAGE_SIZE);
        return "session/list";
    }

    @GetMapping("/{id}")
    String player(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        model.addAttribute("row", new SessionRow(sessions.get(actor, id)));
        model.addAttribute("section", "sessions");
        return "session/player";
    }

    /** The decrypted asciicast v2 recording for the player script; never stored by the browser or a proxy. */
    @GetMapping("/{id}/recording")
    ResponseEntity<String> recording(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return ResponseEntity.ok().contentType(ASCIICAST).cacheControl(CacheControl.noStore())
                .header("Content-Disposition", "inline")
                .body(sessions.recording(actor, id));
    }
}
