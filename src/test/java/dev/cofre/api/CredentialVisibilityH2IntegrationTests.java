package dev.cofre.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Credential visibility on the embedded default storage (H2 in file mode). */
class CredentialVisibilityH2IntegrationTests extends CredentialVisibilityContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "visibility-h2");
    }
}
