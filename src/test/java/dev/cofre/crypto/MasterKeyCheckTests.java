package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class MasterKeyCheckTests {

    private static final String KEY_FILE = "/var/lib/cofre/master.key";

    private JdbcClient jdbc;

    @BeforeEach
    void migrate() {
        DataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:keycheck-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
    }

    @Test
    void firstStartRecordsASealedCheckValue() {
        check(KeyRing.single(AesGcmBarrierTests.randomKey())).verify();

        Map<String, Object> row = jdbc.sql("SELECT key_version, check_value FROM crypto_key_check").query().singleRow();
        assertThat(row.get("KEY_VERSION")).isEqualTo(1);
        assertThat((byte[]) row.get("CHECK_VALUE")).hasSizeGreaterThan(AesGcmBarrier.OVERHEAD_BYTES);
    }

    @Test
    void sameKeyPassesOnLaterStarts() {
        byte[] key = AesGcmBarrierTests.randomKey();
        check(KeyRing.single(key)).verify();

        assertThatNoException().isThrownBy(() -> check(KeyRing.single(key)).verify());
        assertThatNoException().isThrownBy(() -> check(KeyRing.single(key)).verify());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM crypto_key_check").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void otherKeyRefusesStartWithAClearMessage() {
        check(KeyRing.single(AesGcmBarrierTests.randomKey())).verify();

        assertThatThrownBy(() -> check(KeyRing.single(AesGcmBarrierTests.randomKey())).verify())
                .isInstanceOfSatisfying(KeyCheckFailedException.class, e -> {
                    assertThat(e.keyVersion()).isEqualTo(1);
                    assertThat(e.getMessage())
                            .isEqualTo("The master key (from " + EnvironmentMasterKeySource.NAME + ") does not match "
                                    + "this vault's data (key check failed for version 1). Check COFRE_MASTER_KEY or "
                                    + KEY_FILE + ".");
                    assertThat(e.action()).contains(KEY_FILE);
                })
                .hasNoCause();
    }

    @Test
    void alteredCheckValueRefusesStart() {
        byte[] key = AesGcmBarrierTests.randomKey();
        check(KeyRing.single(key)).verify();
        byte[] value = jdbc.sql("SELECT check_value FROM crypto_key_check").query(byte[].class).single();
        value[value.length - 1] ^= 1;
        jdbc.sql("UPDATE crypto_key_check SET check_value = :v").param("v", value).update();

        assertThatThrownBy(() -> check(KeyRing.single(key)).verify()).isInstanceOf(KeyCheckFailedException.class);
    }

    @Test
    void storedKeyVersionMissingFromTheRingRefusesStart() {
        byte[] key = AesGcmBarrierTests.randomKey();
        check(KeyRing.of(2, Map.of(1, key, 2, AesGcmBarrierTests.randomKey()))).verify();

        assertThatThrownBy(() -> check(KeyRing.single(key)).verify())
                .isInstanceOf(KeyCheckFailedException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void newKeyVersionIsRecordedNextToTheOldOne() {
        byte[] v1 = AesGcmBarrierTests.randomKey();
        byte[] v2 = AesGcmBarrierTests.randomKey();
        check(KeyRing.single(v1)).verify();

        check(KeyRing.of(2, Map.of(1, v1, 2, v2))).verify();

        assertThat(jdbc.sql("SELECT key_version FROM crypto_key_check ORDER BY key_version").query(Integer.class).list())
                .containsExactly(1, 2);
        assertThatThrownBy(() -> check(KeyRing.of(2, Map.of(1, AesGcmBarrierTests.randomKey(), 2, v2))).verify())
                .isInstanceOfSatisfying(KeyCheckFailedException.class, e -> assertThat(e.keyVersion()).isEqualTo(1));
    }

    @Test
    void failureAnalyzerIsRegisteredAndReportsMessageAndAction() {
        check(KeyRing.single(AesGcmBarrierTests.randomKey())).verify();
        KeyCheckFailedException failure = (KeyCheckFailedException) catchFailure(
                () -> check(KeyRing.single(AesGcmBarrierTests.randomKey())).verify());
        RuntimeException wrapped = new IllegalStateException("Error creating bean 'masterKeyCheck'", failure);

        FailureAnalysis analysis = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                // Other analyzers need a bean factory to be built; only ours matters here.
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }))
                .stream()
                .filter(MasterKeyFailureAnalyzer.class::isInstance)
                .map(analyzer -> analyzer.analyze(wrapped))
                .findFirst()
                .orElseThrow();

        assertThat(analysis.getDescription()).isEqualTo(failure.getMessage());
        assertThat(analysis.getAction()).isEqualTo(failure.action());
    }

    private MasterKeyCheck check(KeyRing ring) {
        return new MasterKeyCheck(jdbc, ring, EnvironmentMasterKeySource.NAME, KEY_FILE);
    }

    private static Throwable catchFailure(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
