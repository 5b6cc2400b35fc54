package dev.cofre.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;
import dev.cofre.credential.CredentialPage;
import dev.cofre.credential.CredentialQuery;
import dev.cofre.credential.CredentialService;
import dev.cofre.credential.TokenView;
import dev.cofre.crypto.Secret;
import dev.cofre.totp.TotpToken;

/** {@code /api/v1/credentials}: credential metadata, and the two reads that reveal a secret or a token. */
@RestController
@RequestMapping("/api/v1/credentials")
class CredentialController {

    private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

    private final CredentialService credentials;

    CredentialController(CredentialService credentials) {
        this.credentials = credentials;
    }

    record PageResponse(List<CredentialResponse> items, int page, int size, long total) {
    }

    record PasswordResponse(String password) {
        @Override
        public String toString() {
            return "PasswordResponse[<masked>]";
        }
    }

    record NextToken(String code, Instant validFrom, Instant validUntil) {
    }

    record TokenResponse(String code, String algorithm, int digits, int period, Instant validFrom, Instant validUntil,
                         long secondsRemaining, NextToken next) {
    }

    @GetMapping
    PageResponse list(@AuthenticationPrincipal Actor actor,
                      @RequestParam(required = false) String q,
                      @RequestParam(defaultValue = "0") int page,
                      @RequestParam(defaultValue = "20") int size,
                      @RequestParam(required = false) String sort,
                      @RequestParam(defaultValue = "asc") String direction) {
        CredentialQuery query = new CredentialQuery(q, CredentialQuery.Sort.parse(sort),
                Directions.descending(direction), page, size);
        CredentialPage result = credentials.list(actor, query);
        return new PageResponse(result.items().stream().map(CredentialResponse::of).toList(), result.page(),
                result.size(), result.total());
    }

    @PostMapping
    ResponseEntity<CredentialResponse> create(@AuthenticationPrincipal Actor actor,
                                              @RequestBody CredentialRequest request) {
        CredentialResponse created = CredentialResponse.of(credentials.create(actor, request.toDraft()));
        return ResponseEntity.created(URI.create("/api/v1/credentials/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    CredentialResponse get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return CredentialResponse.of(credentials.get(actor, id));
    }

    @PutMapping("/{id}")
    CredentialResponse update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                              @RequestBody CredentialRequest request) {
        return CredentialResponse.of(credentials.update(actor, id, request.toDraft()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        credentials.delete(actor, id);
        return ResponseEntity.noContent().build();
    }

    // The two secret reads answer a bare body with the header set directly, and declare what they produce: a
    // ResponseEntity and an open 'produces' make Spring MVC search its return value handlers and message converters
    // on every request (~10 us of a token request, profiled).
    @GetMapping(value = "/{id}/password", produces = MediaType.APPLICATION_JSON_VALUE)
    PasswordResponse password(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                              HttpServletResponse response) {
        try (Secret secret = credentials.revealPassword(actor, id)) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
            return new PasswordResponse(secret.utf8());
        }
    }

    @GetMapping(value = "/{id}/totp", produces = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse totp(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, HttpServletResponse response) {
        TokenView view = credentials.currentToken(actor, id);
        TotpToken t = view.token();
        NextToken next = t.next() == null ? null
                : new NextToken(t.next().code(), t.next().validFrom(), t.next().validUntil());
        response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
        return new TokenResponse(t.code(), view.settings().algorithm().name(), view.settings().digits(),
                view.settings().period(), t.validFrom(), t.validUntil(), t.secondsRemaining(), next);
    }
}
