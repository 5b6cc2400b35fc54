package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.cofre.support.CofreServerTests;
import dev.cofre.support.PostgresDatabase;

/**
 * Credentials stored before V9 get their host keys from the migration, exactly as the repository writes them, and
 * are counted into V13's kept total.
 */
class VisibilityKeysBackfillTests {

    @Test
    void existingCredentialsGetHostKeysOnH2() {
        String url = "jdbc:h2:file:" + CofreServerTests.tempDir("backfill-h2") + "/cofre";
        backfillsExistingRows(new DriverManagerDataSource(url, "cofre", ""), "db/vendor/h2");
    }

    @Test
    void existingCredentialsGetHostKeysOnPostgres() {
        backfillsExistingRows(new DriverManagerDataSource(PostgresDatabase.newDatabaseUrl(), "postgres", ""),
                "db/vendor/postgresql");
    }

    private static void backfillsExistingRows(DriverManagerDataSource db, String vendor) {
        flyway(db, vendor).target("7").load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        UUID withHost = UUID.randomUUID();
        UUID withoutHost = UUID.randomUUID();
        List<Object[]> rows = List.of(new Object[] {withHost, "DB-1.Prod.Example.com"}, new Object[] {withoutHost, null});
        for (Object[] row : rows) {
            jdbc.sql("INSERT INTO credentials (id, name, name_key, type, host, search_text, created_at, updated_at, "
                    + "version) VALUES (?, ?, ?, 'ssh', ?, 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)")
                    .params(row[0], row[0].toString(), row[0].toString(), row[1]).update();
        }

        flyway(db, vendor).javaMigrations(new VisibilityKeysBackfill()).load().migrate();

        assertThat(jdbc.sql("SELECT host_key, host_rev FROM credentials WHERE id = ?").param(withHost)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).single())
                .isEqualTo("db-1.prod.example.com moc.elpmaxe.dorp.1-bd");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM credentials WHERE id = ? AND host_key IS NULL AND host_rev IS NULL")
                .param(withoutHost).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT CAST(SUM(total) AS BIGINT) FROM credential_count").query(Long.class).single())
                .isEqualTo(2);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DriverManagerDataSource db,
                                                                                   String vendor) {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration", "classpath:" + vendor);
    }
}
