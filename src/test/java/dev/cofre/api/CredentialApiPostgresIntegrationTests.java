package dev.cofre.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST API on a real PostgreSQL server. */
class CredentialApiPostgresIntegrationTests extends CredentialApiContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "api-pg");
        usePostgres(registry);
    }
}
