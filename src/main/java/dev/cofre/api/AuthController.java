package dev.cofre.api;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;
import dev.cofre.auth.LoginResult;
import dev.cofre.auth.UserService;
import dev.cofre.common.InvalidInputException;

/** {@code /api/v1/auth}: exchange a username and password for a bearer token; revoke it. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final UserService users;

    AuthController(UserService users) {
        this.users = users;
    }

    record LoginRequest(String username, String password, String otp) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", password=<masked>, otp=<masked>]";
        }
    }

    record LoginResponse(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "LoginResponse[token=<masked>, expiresAt=" + expiresAt + "]";
        }
    }

    @PostMapping("/login")
    LoginResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
        if (request.username() == null || request.username().isBlank()) {
            throw new InvalidInputException("username", "username is required");
        }
        if (request.password() == null || request.password().isEmpty()) {
            throw new InvalidInputException("password", "password is required");
        }
        Actor client = new Actor(null, null, false, "api-login", http.getRemoteAddr(), Clients.userAgent(http));
        LoginResult result = users.login(request.username(), request.password(), request.otp(), client);
        return new LoginResponse(result.token(), result.expiresAt());
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@AuthenticationPrincipal Actor actor) {
        users.logout(actor, java.util.UUID.fromString(actor.via().substring("token:".length())));
        return ResponseEntity.noContent().build();
    }
}
