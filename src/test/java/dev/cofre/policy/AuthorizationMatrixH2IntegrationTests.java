package dev.cofre.policy;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The authorization matrix on the embedded default storage. */
class AuthorizationMatrixH2IntegrationTests extends AuthorizationMatrixContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "matrix-h2");
    }
}
