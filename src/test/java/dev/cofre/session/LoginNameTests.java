package dev.cofre.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class LoginNameTests {

    private static final Set<String> USERS = Set.of("alice", "ops@example.com");

    private static GatewayLogin.LoginName parse(String login) {
        return GatewayLogin.LoginName.parse(login, USERS::contains);
    }

    @Test
    void theCredentialFollowsTheFirstAt() {
        assertThat(parse("alice@web01")).isEqualTo(new GatewayLogin.LoginName("alice", "web01"));
    }

    @Test
    void aPlainUsernameNamesNoCredential() {
        assertThat(parse("alice")).isEqualTo(new GatewayLogin.LoginName("alice", null));
    }

    @Test
    void aUsernameContainingAnAtIsRecognized() {
        assertThat(parse("ops@example.com")).isEqualTo(new GatewayLogin.LoginName("ops@example.com", null));
        assertThat(parse("ops@example.com@db@prod")).isEqualTo(new GatewayLogin.LoginName("ops@example.com", "db@prod"));
    }

    @Test
    void aCredentialNameMayContainAnAt() {
        assertThat(parse("alice@root@web01")).isEqualTo(new GatewayLogin.LoginName("alice", "root@web01"));
    }

    @Test
    void anUnknownUserSplitsAtTheFirstAt() {
        assertThat(parse("mallory@web01")).isEqualTo(new GatewayLogin.LoginName("mallory", "web01"));
        assertThat(parse("mallory@")).isEqualTo(new GatewayLogin.LoginName("mallory", null));
    }
}
