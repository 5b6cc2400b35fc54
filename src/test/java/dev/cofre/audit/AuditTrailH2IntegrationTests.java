package dev.cofre.audit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit trail on the embedded default storage. */
class AuditTrailH2IntegrationTests extends AuditTrailContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "audit-h2");
    }
}
