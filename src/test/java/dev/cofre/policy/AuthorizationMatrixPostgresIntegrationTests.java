package dev.cofre.policy;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The authorization matrix on a real PostgreSQL server. */
class AuthorizationMatrixPostgresIntegrationTests extends AuthorizationMatrixContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "matrix-pg");
        usePostgres(registry);
    }
}
