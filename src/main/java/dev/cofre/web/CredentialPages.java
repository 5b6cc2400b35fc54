package dev.cofre.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.cofre.audit.Actor;
import dev.cofre.common.InvalidInputException;
import dev.cofre.credential.ConcurrentCredentialChangeException;
import dev.cofre.credential.Credential;
import dev.cofre.credential.CredentialDraft;
import dev.cofre.credential.CredentialNameTakenException;
import dev.cofre.credential.CredentialPage;
import dev.cofre.credential.CredentialQuery;
import dev.cofre.credential.CredentialService;
import dev.cofre.credential.CredentialType;
import dev.cofre.credential.TokenView;
import dev.cofre.crypto.Secret;
import dev.cofre.policy.Grants;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyService;
import dev.cofre.totp.InvalidTotpSecretException;
import dev.cofre.totp.ParsedTotp;
import dev.cofre.totp.TotpSecretParser;
import dev.cofre.totp.TotpToken;

/**
 * PAM Core, Credentials: the list (search, sort, paging on the server), the Details pop-up with its own URL and the
 * live Token OTP, the create/edit form (TOTP secret typed, as an otpauth URI or as a QR image) and delete.
 * Every decision about what a user may see or do is the credential service's; this class only shows it.
 */
@Controller
@RequestMapping("/pam")
class CredentialPages {

    private static final List<Integer> PAGE_SIZES = List.of(10, 20, 50, 100);

    private final CredentialService credentials;
    private final PolicyService policies;
    private final Clock clock;

    CredentialPages(CredentialService credentials, PolicyService policies, Clock clock) {
        this.credentials = credentials;
        this.policies = policies;
        this.clock = clock;
    }

    /** A row of the list with what its viewer may do. */
    record Row(Credential credential, boolean showTotp, boolean canEdit, boolean canDelete) {
    }

    /** The Details pop-up's content. */
    record Details(Credential credential, boolean canSeeToken, boolean canViewPassword, boolean canEdit,
                   boolean canDelete) {

        public String updated() {
            return Formats.instant(credential.updatedAt());
        }
    }

    /** The list's query as the page keeps it in links. */
    record ListParams(String q, String sort, String dir, int page, int size) {

        static ListParams of(String q, String sort, String dir, Integer page, Integer size) {
            String s = sort == null ? "name" : sort.strip().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("name", "username", "host", "type", "updated").contains(s)) {
                s = "name";
            }
            String d = "desc".equalsIgnoreCase(dir) ? "desc" : "asc";
            int sz = size != null && PAGE_SIZES.contains(size) ? size : 20;
            int p = page == null || page < 1 ? 1 : Math.min(page, 1_000_000);
            String text = q == null ? "" : q.strip();
            if (text.length() > 200) {
                text = text.substring(0, 200);
            }
            return new ListParams(text, s, d, p, sz);
        }

        CredentialQuery query() {
            return new CredentialQuery(q, CredentialQuery.Sort.parse(sort), "desc".equals(dir), page - 1, size);
        }

        public String url(String path) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
            if (!q.isEmpty()) {
                b.queryParam("q", q);
            }
            if (!"name".equals(sort)) {
                b.queryParam("sort", sort);
            }
            if (!"asc".equals(dir)) {
                b.queryParam("dir", dir);
            }
            if (page != 1) {
                b.queryParam("page", page);
            }
            if (size != 20) {
                b.queryParam("size", size);
            }
            return b.encode().build().toUriString();
        }

        public String list() {
            return url("/pam/credentials");
        }

        public String details(UUID id) {
            return url("/pam/credentials/" + id);
        }

        public String page(int n) {
            return new ListParams(q, sort, dir, n, size).list();
        }

        /** Link of a column header: sorts by it, or flips the direction when it is already the sort column. */
        public String sortBy(String column) {
            String d = column.equals(sort) && "asc".equals(dir) ? "desc" : "asc";
            return new ListParams(q, column, d, 1, size).list();
        }

        /** aria-sort value of a column header. */
        public String ariaSort(String column) {
            return column.equals(sort) ? ("asc".equals(dir) ? "ascending" : "descending") : "none";
        }
    }

    @GetMapping("/credentials")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String q,
                @RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                Model model) {
        ListParams params = ListParams.of(q, sort, dir, page, size);
        fillList(actor, params, model);
        return "pam/credentials";
    }

    @GetMapping("/credentials/{id}")
    String details(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                   @RequestParam(required = false) String q, @RequestParam(required = false) String sort,
                   @RequestParam(required = false) String dir, @RequestParam(required = false) Integer page,
                   @RequestParam(required = false) Integer size, Model model, HttpServletResponse response) {
        ListParams params = ListParams.of(q, sort, dir, page, size);
        model.addAttribute("details", details(actor, id));
        fillList(actor, params, model);
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        return "pam/credentials";
    }

    /** The live token as JSON for the Details pop-up (audited by the service on every call). */
    @GetMapping(path = "/credentials/{id}/token", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> token(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        TokenView view = credentials.currentToken(actor, id);
        TotpToken t = view.token();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", t.code());
        body.put("digits", view.settings().digits());
        body.put("period", view.settings().period());
        body.put("algorithm", view.settings().algorithm().name());
        body.put("validFrom", t.validFrom().toEpochMilli());
        body.put("validUntil", t.validUntil().toEpochMilli());
        body.put("serverTime", clock.millis());
        if (t.next() != null) {
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("code", t.next().code());
            next.put("validFrom", t.next().validFrom().toEpochMilli());
            next.put("validUntil", t.next().validUntil().toEpochMilli());
            body.put("next", next);
        } else {
            body.put("next", null);
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    /** The server's clock, so the page can correct for a browser clock that is off. */
    @GetMapping(path = "/time", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> time() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("epochMillis", clock.millis()));
    }

    /** Reveals the password: JSON for the page script, or the Details page with it shown when scripts are off. */
    @PostMapping("/credentials/{id}/password")
    Object password(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                    @RequestHeader(name = "Accept", required = false) String accept, Model model,
                    HttpServletResponse response) {
        try (Secret secret = credentials.revealPassword(actor, id)) {
            response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
            if (accept != null && accept.contains("application/json")) {
                return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("password", secret.utf8()));
            }
            model.addAttribute("revealedPassword", secret.utf8());
        }
        ListParams params = ListParams.of(null, null, null, null, null);
        model.addAttribute("details", details(actor, id));
        fillList(actor, params, model);
        return "pam/credentials";
    }

    @GetMapping("/credentials/new")
    String newForm(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("form", new CredentialForm());
        formModel(model, null);
        return "pam/form";
    }

    @PostMapping("/credentials/new")
    String create(@AuthenticationPrincipal Actor actor, @ModelAttribute("form") CredentialForm form,
                  @RequestParam(name = "totpQr", required = false) MultipartFile qr, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        try {
            String qrUri = qr == null || qr.isEmpty() ? null : QrCodes.decodeOtpauth(qr);
            CredentialDraft draft = form.toDraft(qrUri, false);
            String summary = secretSummary(draft);
            Credential created = credentials.create(actor, draft);
            redirect.addFlashAttribute("flash", "Credential \u201c" + created.name() + "\u201d created."
                    + (summary == null ? "" : " " + summary));
            return "redirect:/pam/credentials/" + created.id();
        } catch (RuntimeException e) {
            return formError(e, form, qr, model, response, null);
        }
    }

    @GetMapping("/credentials/{id}/edit")
    String editForm(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        Credential c = credentials.get(actor, id);
        requireEdit(actor, c);
        model.addAttribute("form", CredentialForm.of(c));
        formModel(model, c);
        return "pam/form";
    }

    @PostMapping("/credentials/{id}/edit")
    String update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                  @ModelAttribute("form") CredentialForm form,
                  @RequestParam(name = "totpQr", required = false) MultipartFile qr, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        Credential c = credentials.get(actor, id);
        try {
            String qrUri = qr == null || qr.isEmpty() ? null : QrCodes.decodeOtpauth(qr);
            CredentialDraft draft = form.toDraft(qrUri, c.hasTotp());
            String summary = secretSummary(draft);
            Credential updated = credentials.update(actor, id, draft);
            redirect.addFlashAttribute("flash", "Credential \u201c" + updated.name() + "\u201d saved."
                    + (summary == null ? "" : " " + summary));
            return "redirect:/pam/credentials/" + id;
        } catch (RuntimeException e) {
            return formError(e, form, qr, model, response, c);
        }
    }

    @GetMapping("/credentials/{id}/delete")
    String confirmDelete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        Credential c = credentials.get(actor, id);
        if (!credentials.permissionsOn(actor, c).contains(Permission.DELETE)) {
            throw new dev.cofre.policy.PolicyDeniedException("You may not delete this credential");
        }
        model.addAttribute("credential", c);
        model.addAttribute("section", "credentials");
        return "pam/delete";
    }

    @PostMapping("/credentials/{id}/delete")
    String delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, RedirectAttributes redirect) {
        Credential c = credentials.get(actor, id);
        credentials.delete(actor, id);
        redirect.addFlashAttribute("flash", "Credential \u201c" + c.name() + "\u201d deleted.");
        return "redirect:/pam/credentials";
    }

    private void fillList(Actor actor, ListParams params, Model model) {
        CredentialPage result = credentials.list(actor, params.query());
        Grants grants = policies.grants(actor);
        List<Row> rows = result.items().stream().map(c -> {
            Set<Permission> p = grants.on(c.id(), c.tags(), c.host());
            return new Row(c, c.hasTotp() && (p.contains(Permission.VIEW_PASSWORD)
                    || p.contains(Permission.START_SESSION)), p.contains(Permission.EDIT),
                    p.contains(Permission.DELETE));
        }).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("result", result);
        model.addAttribute("params", params);
        model.addAttribute("pageSizes", PAGE_SIZES);
        model.addAttribute("section", "credentials");
        model.addAttribute("title", "All credentials");
    }

    private Details details(Actor actor, UUID id) {
        Credential c = credentials.get(actor, id);
        Set<Permission> p = credentials.permissionsOn(actor, c);
        return new Details(c, p.contains(Permission.VIEW_PASSWORD) || p.contains(Permission.START_SESSION),
                p.contains(Permission.VIEW_PASSWORD) && c.hasPassword(), p.contains(Permission.EDIT),
                p.contains(Permission.DELETE));
    }

    private void requireEdit(Actor actor, Credential c) {
        if (!credentials.permissionsOn(actor, c).contains(Permission.EDIT)) {
            throw new dev.cofre.policy.PolicyDeniedException("You may not edit this credential");
        }
    }

    private void formModel(Model model, Credential existing) {
        model.addAttribute("existing", existing);
        model.addAttribute("types", List.of(CredentialType.values()).stream().map(CredentialType::key).toList());
        model.addAttribute("algorithms", CredentialForm.algorithms());
        model.addAttribute("digitChoices", CredentialForm.digitChoices());
        model.addAttribute("section", existing == null ? "new" : "credentials");
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    private String formError(RuntimeException e, CredentialForm form, MultipartFile qr, Model model,
                             HttpServletResponse response, Credential existing) {
        String field;
        String message;
        if (e instanceof InvalidInputException i) {
            field = i.field();
            message = i.getMessage();
        } else if (e instanceof InvalidTotpSecretException t) {
            field = t.field();
            message = t.getMessage();
        } else if (e instanceof CredentialNameTakenException) {
            field = "name";
            message = e.getMessage();
        } else if (e instanceof ConcurrentCredentialChangeException) {
            field = "";
            message = e.getMessage();
        } else {
            throw e;
        }
        boolean usedQr = qr != null && !qr.isEmpty() && (form.getTotpUri() == null || form.getTotpUri().isBlank());
        String input = formField(field, usedQr);
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(input, capitalize(message));
        model.addAttribute("errors", errors);
        model.addAttribute("hadSecret", form.getTotpSecret() != null && !form.getTotpSecret().isBlank()
                || form.getPassword() != null && !form.getPassword().isEmpty());
        form.forgetSecrets();
        formModel(model, existing);
        response.setStatus(400);
        return "pam/form";
    }

    /** Maps a service field name (e.g. {@code totp.secret}) to the form input it belongs to. */
    static String formField(String field, boolean usedQr) {
        if (field == null) {
            return "";
        }
        return switch (field) {
            case "name", "type", "username", "password", "host", "port", "url", "description", "tags" -> field;
            case "totp.secret", "totp" -> "totpSecret";
            case "totp.uri" -> usedQr ? QrCodes.FIELD : "totpUri";
            case QrCodes.FIELD -> QrCodes.FIELD;
            case "totp.algorithm" -> "totpAlgorithm";
            case "totp.digits" -> "totpDigits";
            case "totp.period" -> "totpPeriod";
            case "removePassword" -> "removePassword";
            case "removeTotp" -> "removeTotp";
            default -> "";
        };
    }

    /** A masked summary of a new TOTP secret (its canonical length only), or null when none is set. */
    private static String secretSummary(CredentialDraft draft) {
        if (draft.totp() == null || !draft.totp().hasSeed()) {
            return null;
        }
        try (ParsedTotp parsed = TotpSecretParser.parse(draft.totp().secret(), draft.totp().uri(),
                draft.totp().algorithm(), draft.totp().digits(), draft.totp().period())) {
            int chars = (parsed.seed().length() * 8 + 4) / 5;
            String masked = "\u2022\u2022\u2022\u2022 ".repeat(Math.max(1, (chars + 3) / 4)).strip();
            return "TOTP secret stored as upper-case Base32: " + masked + " (" + chars + " characters, "
                    + parsed.settings().algorithm().name() + ", " + parsed.settings().digits() + " digits, "
                    + parsed.settings().period() + " s).";
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "Invalid value" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
