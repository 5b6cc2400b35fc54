package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V2__crypto.sql and the key check on a real PostgreSQL (the column types must be valid there, not only in H2). */
class MasterKeyCheckPostgresIntegrationTests {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migrationRunsAndTheKeyCheckRecordsPassesAndRefuses() {
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        byte[] key = AesGcmBarrierTests.randomKey();

        new MasterKeyCheck(jdbc, KeyRing.single(key), "test", "/data/master.key").verify();
        new MasterKeyCheck(jdbc, KeyRing.single(key), "test", "/data/master.key").verify();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM crypto_key_check").query(Integer.class).single()).isEqualTo(1);
        assertThatThrownBy(() -> new MasterKeyCheck(jdbc, KeyRing.single(AesGcmBarrierTests.randomKey()), "test",
                "/data/master.key").verify())
                .isInstanceOf(KeyCheckFailedException.class)
                .hasMessageContaining("key check failed for version 1");
    }
}
