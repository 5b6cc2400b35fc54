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
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;
import dev.cofre.auth.MfaEnrolment;
import dev.cofre.auth.User;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;

/** {@code /api/v1/users}: user administration (admins), and the caller's own MFA enrolment under {@code me}. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    record UserRequest(String username, String password, Boolean admin, Boolean enabled, List<String> groups) {
        UserDraft toDraft() {
            return new UserDraft(username, password, admin, enabled, groups);
        }

        @Override
        public String toString() {
            return "UserRequest[username=" + username + ", password=<masked>]";
        }
    }

    record UserResponse(UUID id, String username, boolean admin, boolean enabled, boolean mfa, List<String> groups,
                        Instant createdAt) {
    }

    record MfaCode(String code) {
    }

    record EnrolmentResponse(String otpauthUri) {
        @Override
        public String toString() {
            return "EnrolmentResponse[<masked>]";
        }
    }

    @GetMapping
    List<UserResponse> list(@AuthenticationPrincipal Actor actor) {
        return users.list(actor).stream().map(this::response).toList();
    }

    @PostMapping
    ResponseEntity<UserResponse> create(@AuthenticationPrincipal Actor actor, @RequestBody UserRequest request) {
        User user = users.create(actor, request.toDraft());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(response(user));
    }

    @GetMapping("/{id}")
    UserResponse get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return response(users.get(actor, id));
    }

    @PutMapping("/{id}")
    UserResponse update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody UserRequest request) {
        return response(users.update(actor, id, request.toDraft()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        users.delete(actor, id);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/mfa")
    ResponseEntity<Void> resetMfa(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        users.resetMfa(actor, id);
        return ResponseEntity.noContent().build();
    }

    /** Starts MFA enrolment: the otpauth URI (holding the new secret) is returned once, never stored in clear. */
    @PostMapping("/me/mfa")
    ResponseEntity<EnrolmentResponse> startMfa(@AuthenticationPrincipal Actor actor) {
        MfaEnrolment enrolment = users.startMfaEnrolment(actor);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new EnrolmentResponse(enrolment.otpauthUri()));
    }

    @PostMapping("/me/mfa/confirm")
    ResponseEntity<Void> confirmMfa(@AuthenticationPrincipal Actor actor, @RequestBody MfaCode body) {
        users.confirmMfaEnrolment(actor, body.code());
        return ResponseEntity.noContent().build();
    }

    private UserResponse response(User u) {
        return new UserResponse(u.id(), u.username(), u.admin(), u.enabled(), users.mfaEnabled(u.id()),
                users.groupsOf(u.id()), u.createdAt());
    }
}
