package dev.cofre.session;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;

/** {@code /api/v1/users/me/ssh-keys}: the caller's public keys for logging into the SSH gateway. */
@RestController
@RequestMapping("/api/v1/users/me/ssh-keys")
class SshKeyController {

    private final SshUserKeys keys;

    SshKeyController(SshUserKeys keys) {
        this.keys = keys;
    }

    record SshKeyRequest(String name, String publicKey) {
    }

    @GetMapping
    List<SshUserKeys.SshKey> list(@AuthenticationPrincipal Actor actor) {
        return keys.list(actor);
    }

    @PostMapping
    ResponseEntity<SshUserKeys.SshKey> add(@AuthenticationPrincipal Actor actor, @RequestBody SshKeyRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(keys.add(actor, request.name(), request.publicKey()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        keys.delete(actor, id);
        return ResponseEntity.noContent().build();
    }
}
