package dev.cofre.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.CacheControl;
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

    @GetMapping("/{id}/password")
    ResponseEntity<PasswordResponse> password(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        try (Secret secret = credentials.revealPassword(actor, id)) {
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new PasswordResponse(secret.utf8()));
        }
    }

    @GetMapping("/{id}/totp")
    ResponseEntity<TokenResponse> totp(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        TokenView view = credentials.currentToken(actor, id);
        TotpToken t = view.token();
        NextToken next = t.next() == null ? null
                : new NextToken(t.next().code(), t.next().validFrom(), t.next().validUntil());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new TokenResponse(t.code(), view.settings().algorithm().name(), view.settings().digits(),
                        view.settings().period(), t.validFrom(), t.validUntil(), t.secondsRemaining(), next));
    }
}
