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
import dev.cofre.policy.Group;
import dev.cofre.policy.PolicyService;

/** {@code /api/v1/groups}: groups of users that policies grant to (admins only). */
@RestController
@RequestMapping("/api/v1/groups")
class GroupController {

    private final PolicyService policies;

    GroupController(PolicyService policies) {
        this.policies = policies;
    }

    record GroupRequest(String name, String description, List<String> members) {
    }

    @GetMapping
    List<Group> list(@AuthenticationPrincipal Actor actor) {
        return policies.listGroups(actor);
    }

    @PostMapping
    ResponseEntity<Group> create(@AuthenticationPrincipal Actor actor, @RequestBody GroupRequest request) {
        Group g = policies.createGroup(actor, request.name(), request.description(), request.members());
        return ResponseEntity.created(URI.create("/api/v1/groups/" + g.id())).body(g);
    }

    @GetMapping("/{id}")
    Group get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return policies.getGroup(actor, id);
    }

    @PutMapping("/{id}")
    Group update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody GroupRequest request) {
        return policies.updateGroup(actor, id, request.name(), request.description(), request.members());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        policies.deleteGroup(actor, id);
        return ResponseEntity.noContent().build();
    }
}
