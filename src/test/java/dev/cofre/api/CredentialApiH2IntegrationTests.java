package dev.cofre.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST API on the embedded default storage (H2 in file mode). */
class CredentialApiH2IntegrationTests extends CredentialApiContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "api-h2");
    }
}
