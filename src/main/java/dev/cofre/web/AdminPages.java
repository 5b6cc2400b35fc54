package dev.cofre.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditEvent;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditPage;
import dev.cofre.audit.AuditQuery;
import dev.cofre.audit.AuditTrail;
import dev.cofre.audit.AuditVerification;
import dev.cofre.auth.User;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;
import dev.cofre.common.ConflictException;
import dev.cofre.common.InvalidInputException;
import dev.cofre.policy.Group;
import dev.cofre.policy.Permission;
import dev.cofre.policy.Policy;
import dev.cofre.policy.PolicyDeniedException;
import dev.cofre.policy.PolicyDraft;
import dev.cofre.policy.PolicyService;

/**
 * Administration: users, groups, policies (admins only; the front doors refuse anyone else) and the audit trail
 * (admins and holders of the AUDIT permission). Each form posts back here; a refused input is shown on the same page
 * with what was typed, except passwords.
 */
@Controller
@RequestMapping("/admin")
class AdminPages {

    private final UserService users;
    private final PolicyService policies;
    private final AuditTrail audit;

    AdminPages(UserService users, PolicyService policies, AuditTrail audit) {
        this.users = users;
        this.policies = policies;
        this.audit = audit;
    }

    /** A user row with their groups and MFA state. */
    record UserRow(User user, List<String> groups, boolean mfa) {
        public String created() {
            return Formats.instant(user.createdAt());
        }
    }

    // ------------------------------------------------------------------ users

    @GetMapping("/users")
    String users(@AuthenticationPrincipal Actor actor, Model model) {
        fillUsers(actor, model);
        return "admin/users";
    }

    @PostMapping("/users")
    String createUser(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String username,
                      @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "false") boolean admin,
                      @RequestParam(defaultValue = "") String groups, Model model, RedirectAttributes redirect,
                      HttpServletResponse response) {
        try {
            User u = users.create(actor, new UserDraft(username, password, admin, true, list(groups)));
            redirect.addFlashAttribute("flash", "User \u201c" + u.username() + "\u201d created.");
            return "redirect:/admin/users";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", fieldMessage(e));
            model.addAttribute("draftUsername", username);
            model.addAttribute("draftGroups", groups);
            model.addAttribute("draftAdmin", admin);
            fillUsers(actor, model);
            response.setStatus(400);
            return "admin/users";
        }
    }

    @GetMapping("/users/{id}")
    String editUser(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        User u = users.get(actor, id);
        model.addAttribute("user", u);
        model.addAttribute("groups", String.join(", ", users.groupsOf(id)));
        model.addAttribute("mfa", users.mfaEnabled(id));
        model.addAttribute("section", "users");
        return "admin/user";
    }

    @PostMapping("/users/{id}")
    String updateUser(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                      @RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                      @RequestParam(defaultValue = "false") boolean admin,
                      @RequestParam(defaultValue = "false") boolean enabled,
                      @RequestParam(defaultValue = "") String groups, Model model, RedirectAttributes redirect,
                      HttpServletResponse response) {
        try {
            User u = users.update(actor, id, new UserDraft(username, password.isEmpty() ? null : password, admin,
                    enabled, list(groups)));
            redirect.addFlashAttribute("flash", "User \u201c" + u.username() + "\u201d saved.");
            return "redirect:/admin/users";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", fieldMessage(e));
            model.addAttribute("user", new User(id, username, admin, enabled, users.get(actor, id).createdAt()));
            model.addAttribute("groups", groups);
            model.addAttribute("mfa", users.mfaEnabled(id));
            model.addAttribute("section", "users");
            response.setStatus(400);
            return "admin/user";
        }
    }

    @PostMapping("/users/{id}/reset-mfa")
    String resetMfa(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, RedirectAttributes redirect) {
        users.resetMfa(actor, id);
        redirect.addFlashAttribute("flash", "MFA was reset; the user can enrol again from My account.");
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/users/{id}/delete")
    String deleteUser(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, RedirectAttributes redirect) {
        try {
            users.delete(actor, id);
            redirect.addFlashAttribute("flash", "User deleted.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/admin/users";
    }

    private void fillUsers(Actor actor, Model model) {
        List<UserRow> rows = users.list(actor).stream()
                .map(u -> new UserRow(u, users.groupsOf(u.id()), users.mfaEnabled(u.id()))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("section", "users");
    }

    // ------------------------------------------------------------------ groups

    @GetMapping("/groups")
    String groups(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("groups", policies.listGroups(actor));
        model.addAttribute("section", "groups");
        return "admin/groups";
    }

    @PostMapping("/groups")
    String createGroup(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String name,
                       @RequestParam(defaultValue = "") String description,
                       @RequestParam(defaultValue = "") String members, Model model, RedirectAttributes redirect,
                       HttpServletResponse response) {
        try {
            Group g = policies.createGroup(actor, name, description, list(members));
            redirect.addFlashAttribute("flash", "Group \u201c" + g.name() + "\u201d created.");
            return "redirect:/admin/groups";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", fieldMessage(e));
            model.addAttribute("draft", Map.of("name", name, "description", description, "members", members));
            model.addAttribute("groups", policies.listGroups(actor));
            model.addAttribute("section", "groups");
            response.setStatus(400);
            return "admin/groups";
        }
    }

    @GetMapping("/groups/{id}")
    String editGroup(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        Group g = policies.getGroup(actor, id);
        model.addAttribute("group", g);
        model.addAttribute("draft", Map.of("name", g.name(), "description", g.description() == null ? ""
                : g.description(), "members", String.join(", ", g.members())));
        model.addAttribute("section", "groups");
        return "admin/group";
    }

    @PostMapping("/groups/{id}")
    String updateGroup(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                       @RequestParam(defaultValue = "") String name,
                       @RequestParam(defaultValue = "") String description,
                       @RequestParam(defaultValue = "") String members, Model model, RedirectAttributes redirect,
                       HttpServletResponse response) {
        try {
            policies.updateGroup(actor, id, name, description, list(members));
            redirect.addFlashAttribute("flash", "Group saved.");
            return "redirect:/admin/groups";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", fieldMessage(e));
            model.addAttribute("group", policies.getGroup(actor, id));
            model.addAttribute("draft", Map.of("name", name, "description", description, "members", members));
            model.addAttribute("section", "groups");
            response.setStatus(400);
            return "admin/group";
        }
    }

    @PostMapping("/groups/{id}/delete")
    String deleteGroup(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, RedirectAttributes redirect) {
        policies.deleteGroup(actor, id);
        redirect.addFlashAttribute("flash", "Group deleted.");
        return "redirect:/admin/groups";
    }

    // ------------------------------------------------------------------ policies

    @GetMapping("/policies")
    String policies(@AuthenticationPrincipal Actor actor, Model model) {
        fillPolicies(actor, model, null);
        return "admin/policies";
    }

    @PostMapping("/policies")
    String createPolicy(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String name,
                        @RequestParam(defaultValue = "") String description,
                        @RequestParam(defaultValue = "") String subjects,
                        @RequestParam(defaultValue = "") String credentials,
                        @RequestParam(required = false) List<String> permissions, Model model,
                        RedirectAttributes redirect, HttpServletResponse response) {
        PolicyDraft draft = new PolicyDraft(name, description, lines(subjects), lines(credentials),
                permissions == null ? List.of() : permissions);
        try {
            Policy p = policies.createPolicy(actor, draft);
            redirect.addFlashAttribute("flash", "Policy \u201c" + p.name() + "\u201d created.");
            return "redirect:/admin/policies";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", fieldMessage(e));
            fillPolicies(actor, model, draft);
            response.setStatus(400);
            return "admin/policies";
        }
    }

    @GetMapping("/policies/{id}")
    String editPolicy(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        Policy p = policies.getPolicy(actor, id);
        model.addAttribute("policy", p);
        model.addAttribute("draft", new PolicyDraft(p.name(), p.description(), p.subjects(), p.credentials(),
                p.permissions().stream().map(Enum::name).toList()));
        model.addAttribute("allPermissions", Arrays.stream(Permission.values()).map(Enum::name).toList());
        model.addAttribute("section", "policies");
        return "admin/policy";
    }

    @PostMapping("/policies/{id}")
    String updatePolicy(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                        @RequestParam(defaultValue = "") String name,
                        @RequestParam(defaultValue = "") String description,
                        @RequestParam(defaultValue = "") String subjects,
                        @RequestParam(defaultValue = "") String credentials,
                        @RequestParam(required = false) List<String> permissions, Model model,
                        RedirectAttributes redirect, HttpServletResponse response) {
        PolicyDraft draft = new PolicyDraft(name, description, lines(subjects), lines(credentials),
                permissions == null ? List.of() : permissions);
        try {
            policies.updatePolicy(actor, id, draft);
            redirect.addFlashAttribute("flash", "Policy saved.");
            return "redirect:/admin/policies";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", fieldMessage(e));
            model.addAttribute("policy", policies.getPolicy(actor, id));
            model.addAttribute("draft", draft);
            model.addAttribute("allPermissions", Arrays.stream(Permission.values()).map(Enum::name).toList());
            model.addAttribute("section", "policies");
            response.setStatus(400);
            return "admin/policy";
        }
    }

    @PostMapping("/policies/{id}/delete")
    String deletePolicy(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, RedirectAttributes redirect) {
        policies.deletePolicy(actor, id);
        redirect.addFlashAttribute("flash", "Policy deleted.");
        return "redirect:/admin/policies";
    }

    private void fillPolicies(Actor actor, Model model, PolicyDraft draft) {
        model.addAttribute("policies", policies.listPolicies(actor));
        model.addAttribute("draft", draft == null ? new PolicyDraft("", "", List.of(), List.of(), List.of()) : draft);
        model.addAttribute("allPermissions", Arrays.stream(Permission.values()).map(Enum::name).toList());
        model.addAttribute("section", "policies");
    }

    // ------------------------------------------------------------------ audit

    /** The audit filters as typed, with the query they make. */
    record AuditFilters(String actor, String credentialId, String action, String from, String to, int page,
                        int size) {

        AuditQuery query() {
            return new AuditQuery(actor.isBlank() ? null : actor.strip(), uuid(credentialId),
                    AuditQuery.parseAction(action), Formats.day("from", from, 0), Formats.day("to", to, 1), page - 1, size);
        }

        public String url(String path, int toPage) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
            add(b, "actor", actor);
            add(b, "credentialId", credentialId);
            add(b, "action", action);
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

        private static UUID uuid(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return UUID.fromString(value.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("credentialId", "credential id must be a UUID");
            }
        }

    }

    /** An audit record as the table shows it. */
    record AuditRow(AuditEvent event) {
        public String at() {
            return Formats.instant(event.at());
        }
    }

    @GetMapping("/audit")
    String audit(@AuthenticationPrincipal Actor actor, @RequestParam(name = "actor", defaultValue = "") String actorFilter,
                 @RequestParam(defaultValue = "") String credentialId, @RequestParam(defaultValue = "") String action,
                 @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                 @RequestParam(defaultValue = "1") int page, Model model, HttpServletResponse response) {
        requireAudit(actor, "read audit trail");
        AuditFilters filters = new AuditFilters(actorFilter, credentialId, action, from, to, Math.max(1, page), 50);
        model.addAttribute("filters", filters);
        model.addAttribute("actions", Arrays.stream(AuditAction.values()).map(Enum::name).toList());
        model.addAttribute("section", "audit");
        try {
            AuditPage result = audit.search(filters.query());
            model.addAttribute("rows", result.items().stream().map(AuditRow::new).toList());
            model.addAttribute("total", result.total());
            model.addAttribute("pages", Math.max(1, (result.total() + 49) / 50));
        } catch (InvalidInputException e) {
            model.addAttribute("error", fieldMessage(e));
            model.addAttribute("rows", List.of());
            model.addAttribute("total", 0L);
            model.addAttribute("pages", 1L);
            response.setStatus(400);
        }
        return "admin/audit";
    }

    @GetMapping("/audit/export")
    void export(@AuthenticationPrincipal Actor actor, @RequestParam(name = "actor", defaultValue = "") String actorFilter,
                @RequestParam(defaultValue = "") String credentialId, @RequestParam(defaultValue = "") String action,
                @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                HttpServletResponse response) throws IOException {
        requireAudit(actor, "export audit trail");
        AuditQuery q = new AuditFilters(actorFilter, credentialId, action, from, to, 1, 1).query();
        audit.record(actor.event(AuditAction.AUDIT_READ, null, "audit export", AuditOutcome.SUCCESS, null));
        response.setContentType("application/jsonl;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cofre-audit.jsonl\"");
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
            audit.exportJsonLines(q, out);
        }
    }

    @PostMapping("/audit/verify")
    String verify(@AuthenticationPrincipal Actor actor, RedirectAttributes redirect) {
        requireAudit(actor, "verify audit trail");
        AuditVerification v = audit.verify();
        audit.record(actor.event(AuditAction.AUDIT_VERIFY, null, "audit chain", v.valid() ? AuditOutcome.SUCCESS
                : AuditOutcome.FAILURE, v.valid() ? "intact" : "broken at " + v.brokenAt()));
        redirect.addFlashAttribute("verification", v);
        return "redirect:/admin/audit";
    }

    private void requireAudit(Actor actor, String what) {
        if (!policies.grants(actor).anywhere(Permission.AUDIT)) {
            audit.record(actor.event(AuditAction.AUDIT_READ, null, what, AuditOutcome.DENIED,
                    "needs AUDIT or admin"));
            throw new PolicyDeniedException("Only administrators and auditors may read the audit trail");
        }
    }

    // ------------------------------------------------------------------ helpers

    static List<String> list(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : commaSeparated.split("[,\\n]")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static List<String> lines(String text) {
        return list(text);
    }

    static String fieldMessage(RuntimeException e) {
        String field = e instanceof InvalidInputException i ? i.field()
                : e instanceof ConflictException c ? c.field() : null;
        String m = e.getMessage() == null ? "Invalid value" : e.getMessage();
        m = Character.toUpperCase(m.charAt(0)) + m.substring(1);
        return field == null ? m : m + " (" + field + ")";
    }

}
