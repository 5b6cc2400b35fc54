package dev.cofre.audit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit trail on a real PostgreSQL server. */
class AuditTrailPostgresIntegrationTests extends AuditTrailContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "audit-pg");
        usePostgres(registry);
    }
}
