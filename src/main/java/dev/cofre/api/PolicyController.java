package dev.cofre.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;
import dev.cofre.policy.Policy;
import dev.cofre.policy.PolicyDraft;
import dev.cofre.policy.PolicyService;

/** {@code /api/v1/policies}: who may do what on which credentials (admins only). */
@RestController
@RequestMapping("/api/v1/policies")
class PolicyController {

    private final PolicyService policies;

    PolicyController(PolicyService policies) {
        this.policies = policies;
    }

    record PolicyRequest(String name, String description, List<String> subjects, List<String> credentials,
                         List<String> permissions) {
        PolicyDraft toDraft() {
            return new PolicyDraft(name, description, subjects, credentials, permissions);
        }
    }

    @GetMapping
    List<Policy> list(@AuthenticationPrincipal Actor actor) {
        return policies.listPolicies(actor);
    }

    @PostMapping
    ResponseEntity<Policy> create(@AuthenticationPrincipal Actor actor, @RequestBody PolicyRequest request) {
        Policy p = policies.createPolicy(actor, request.toDraft());
        return ResponseEntity.created(URI.create("/api/v1/policies/" + p.id())).body(p);
    }

    @GetMapping("/{id}")
    Policy get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return policies.getPolicy(actor, id);
    }

    @PutMapping("/{id}")
    Policy update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody PolicyRequest request) {
        return policies.updatePolicy(actor, id, request.toDraft());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        policies.deletePolicy(actor, id);
        return ResponseEntity.noContent().build();
    }
}
