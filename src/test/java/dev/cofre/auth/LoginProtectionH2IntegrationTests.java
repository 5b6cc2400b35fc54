package dev.cofre.auth;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Login throttling and MFA on the embedded default storage. */
class LoginProtectionH2IntegrationTests extends LoginProtectionContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "login-h2");
    }
}
