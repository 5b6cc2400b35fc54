package dev.cofre.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Credential visibility on a real PostgreSQL server. */
class CredentialVisibilityPostgresIntegrationTests extends CredentialVisibilityContract {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "visibility-pg");
        usePostgres(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void hostKeysCompareInByteOrderWhateverTheDatabaseCollation() {
        // A host-pattern range (host_key >= 'db-' AND host_key < 'db.') means "starts with" only in byte order.
        assertThat(jdbc.sql("SELECT column_name || '=' || collation_name FROM information_schema.columns "
                + "WHERE table_name = 'credentials' AND column_name IN ('host_key', 'host_rev') ORDER BY 1")
                .query(String.class).list()).containsExactly("host_key=C", "host_rev=C");
    }
}
