package dev.cofre.auth;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Login throttling and MFA on a real PostgreSQL server. */
class LoginProtectionPostgresIntegrationTests extends LoginProtectionContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "login-pg");
        usePostgres(registry);
    }
}
