package dev.cofre.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Oathtool;
import dev.cofre.support.Users;

/** Brute-force throttling and MFA for Cofre's own users, through the running server. */
abstract class LoginProtectionContract extends CofreServerTests {

    @Autowired
    LoginThrottle throttle;

    private ApiClient.Response login(String username, String password, String otp) {
        return otp == null
                ? anonymous.post("/api/v1/auth/login", Map.of("username", username, "password", password))
                : anonymous.post("/api/v1/auth/login", Map.of("username", username, "password", password, "otp", otp));
    }

    @Test
    void repeatedFailuresLockTheAccountFromThatAddressWithRetryAfter() {
        String user = Users.unique("victim");
        Users.create(admin, anonymous, user);
        for (int i = 0; i < LoginThrottle.PAIR_LIMIT; i++) {
            assertThat(login(user, "wrong-password-" + i, null).status()).isEqualTo(401);
        }
        ApiClient.Response locked = login(user, Users.PASSWORD, null);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(admin.get("/api/v1/audit?size=50&action=LOGIN&actor=" + user).json().get("items").toString())
                .contains("throttled");
    }

    @Test
    void attackerFromAnotherAddressCannotLockTheOwnerOutOfAKnownAddress() {
        String user = Users.unique("owner");
        Users.create(admin, anonymous, user);
        // The owner has logged in from 127.0.0.1 (Users.create did). An attacker elsewhere floods the account.
        for (int i = 0; i < LoginThrottle.USER_LIMIT; i++) {
            throttle.failed(user, "203.0.113." + (i % 200));
        }
        assertThatThrownBy(() -> throttle.check(user, "198.51.100.7", null)).isInstanceOf(RateLimitedException.class);
        assertThat(login(user, Users.PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void mfaEnrolmentThenLoginNeedsTheCodeAndRefusesAReplay() {
        String user = Users.unique("mfa");
        ApiClient client = Users.create(admin, anonymous, user);
        ApiClient.Response start = client.post("/api/v1/users/me/mfa", "");
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.header("Cache-Control")).contains("no-store");
        String uri = start.json().get("otpauthUri").asString();
        assertThat(uri).startsWith("otpauth://totp/Cofre:" + user + "?");
        String secret = URLDecoder.decode(uri.replaceAll(".*[?&]secret=([^&]+).*", "$1"), StandardCharsets.UTF_8);

        long now = Instant.now().getEpochSecond();
        assertThat(client.post("/api/v1/users/me/mfa/confirm", Map.of("code", "000000")).status()).isEqualTo(400);
        assertThat(client.post("/api/v1/users/me/mfa/confirm",
                Map.of("code", Oathtool.totp(secret, "SHA1", 6, 30, now))).status()).isEqualTo(204);

        ApiClient.Response noCode = login(user, Users.PASSWORD, null);
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.json().get("field").asString()).isEqualTo("otp");
        // The confirm used the current step; the next step is within the accepted window and unused.
        String next = Oathtool.totp(secret, "SHA1", 6, 30, now + 30);
        assertThat(login(user, Users.PASSWORD, next).status()).isEqualTo(200);
        assertThat(login(user, Users.PASSWORD, next).status()).isEqualTo(409);
        assertThat(login(user, "wrong-password-zz", next).status()).isEqualTo(401);

        String id = admin.get("/api/v1/users").json().valueStream()
                .filter(u -> u.get("username").asString().equals(user)).findFirst().orElseThrow().get("id").asString();
        assertThat(admin.get("/api/v1/users/" + id).json().get("mfa").asBoolean()).isTrue();
        assertThat(admin.delete("/api/v1/users/" + id + "/mfa").status()).isEqualTo(204);
        assertThat(login(user, Users.PASSWORD, null).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/audit?size=5&action=MFA_RESET").json().get("total").asLong()).isPositive();
    }

    @Test
    void disabledUserCannotLogInAndTheirTokensStopWorking() {
        String user = Users.unique("disabled");
        ApiClient client = Users.create(admin, anonymous, user);
        String id = admin.get("/api/v1/users").json().valueStream()
                .filter(u -> u.get("username").asString().equals(user)).findFirst().orElseThrow().get("id").asString();
        assertThat(admin.put("/api/v1/users/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/credentials").status()).isEqualTo(401);
        assertThat(login(user, Users.PASSWORD, null).status()).isEqualTo(401);
    }

    @Test
    void deletedUserKeepsTheirAuditHistory() {
        String user = Users.unique("gone");
        Users.create(admin, anonymous, user);
        String id = admin.get("/api/v1/users").json().valueStream()
                .filter(u -> u.get("username").asString().equals(user)).findFirst().orElseThrow().get("id").asString();
        assertThat(admin.delete("/api/v1/users/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/audit?size=10&action=LOGIN&actor=" + user).json().get("total").asLong())
                .isPositive();
    }

    @Test
    void lastAdminCannotBeDisabledOrDeleted() {
        String adminId = admin.get("/api/v1/users").json().valueStream()
                .filter(u -> u.get("username").asString().equals("admin")).findFirst().orElseThrow().get("id")
                .asString();
        assertThat(admin.put("/api/v1/users/" + adminId, Map.of("enabled", false)).status()).isEqualTo(409);
        assertThat(admin.delete("/api/v1/users/" + adminId).status()).isEqualTo(409);
    }

    @Test
    void badUserInputIsRejectedAndNothingIsCreated() {
        assertThat(admin.post("/api/v1/users", Map.of("username", "bad name", "password", Users.PASSWORD)).json()
                .get("field").asString()).isEqualTo("username");
        assertThat(admin.post("/api/v1/users", Map.of("username", Users.unique("short"), "password", "short")).json()
                .get("field").asString()).isEqualTo("password");
        assertThat(admin.post("/api/v1/policies", Map.of("name", "p", "subjects", java.util.List.of("everyone"),
                "credentials", java.util.List.of("*"), "permissions", java.util.List.of("EDIT"))).json()
                .get("field").asString()).isEqualTo("subjects");
        assertThat(admin.post("/api/v1/policies", Map.of("name", "p", "subjects", java.util.List.of("user:x"),
                "credentials", java.util.List.of("host:"), "permissions", java.util.List.of("EDIT"))).json()
                .get("field").asString()).isEqualTo("credentials");
        assertThat(admin.post("/api/v1/policies", Map.of("name", "p", "subjects", java.util.List.of("user:x"),
                "credentials", java.util.List.of("*"), "permissions", java.util.List.of("ROOT"))).json()
                .get("field").asString()).isEqualTo("permissions");
        assertThat(admin.get("/api/v1/policies").body()).doesNotContain("\"name\":\"p\"");
    }
}
