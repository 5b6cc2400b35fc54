package dev.cofre.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST API on a real PostgreSQL server. */
class CredentialApiPostgresIntegrationTests extends CredentialApiContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "api-pg");
        usePostgres(registry);
    }

    @Override
    void analyze() {
        jdbc.sql("ANALYZE credentials").update();
    }

    @Test
    void searchAndHostPatternsAreBackedByTrigramIndexes() {
        assertThat(jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'credentials'").query(String.class)
                .list()).contains("credentials_search_trgm", "credentials_host_trgm");
    }
}
