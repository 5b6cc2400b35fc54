package dev.cofre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Starts a real (web-less) Spring application with the crypto wiring, H2 and Flyway, as the server would. */
@ExtendWith(OutputCaptureExtension.class)
class CryptoConfigurationTests {

    @TempDir
    Path dataDir;

    private final String database = "jdbc:h2:mem:crypto-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void firstStartGeneratesTheKeyFileRecordsTheCheckAndServesABarrier() {
        try (ConfigurableApplicationContext context = start("")) {
            Barrier barrier = context.getBean(Barrier.class);
            Binding binding = Binding.of("credential:1", "password");
            try (Secret opened = barrier.open(barrier.seal(Secret.ofUtf8("pw"), binding), binding)) {
                assertThat(opened.utf8()).isEqualTo("pw");
            }
            assertThat(context.getBeanNamesForType(Barrier.class)).containsExactly("barrier");
        }
        assertThat(dataDir.resolve("master.key")).exists();
    }

    @Test
    void restartWithTheSameKeyFileStarts() {
        start("").close();
        start("").close();
    }

    @Test
    void environmentKeyWinsOverTheKeyFile() {
        String envKey = Base64.getEncoder().encodeToString(AesGcmBarrierTests.randomKey());
        start(envKey).close();

        assertThat(dataDir.resolve("master.key")).doesNotExist();
        start(envKey).close();
    }

    @Test
    void wrongMasterKeyRefusesStartWithAClearReport(CapturedOutput output) {
        start("").close();
        String otherKey = Base64.getEncoder().encodeToString(AesGcmBarrierTests.randomKey());

        assertThatThrownBy(() -> start(otherKey))
                .hasRootCauseInstanceOf(KeyCheckFailedException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("does not match this vault's data (key check failed for version 1)")
                .contains("Check COFRE_MASTER_KEY or " + dataDir.resolve("master.key").toAbsolutePath())
                .doesNotContain(otherKey);
    }

    @Test
    void malformedEnvironmentKeyRefusesStartWithoutEchoingIt(CapturedOutput output) throws Exception {
        String badKey = "dGhpcyBpcyBub3QgMzIgYnl0ZXM=";

        assertThatThrownBy(() -> start(badKey)).hasRootCauseInstanceOf(MasterKeyException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("COFRE_MASTER_KEY")
                .doesNotContain(badKey);
        assertThat(Files.exists(dataDir.resolve("master.key"))).isFalse();
    }

    private ConfigurableApplicationContext start(String masterKey) {
        return new SpringApplicationBuilder(CryptoOnlyApplication.class)
                .web(WebApplicationType.NONE)
                // Command-line arguments, so they win over application.properties (as the environment would).
                .run("--cofre.data-dir=" + dataDir,
                        "--cofre.crypto.master-key=" + masterKey,
                        "--spring.datasource.url=" + database,
                        "--spring.flyway.locations=classpath:db/migration",
                        "--spring.main.banner-mode=off");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            JdbcClientAutoConfiguration.class, FlywayAutoConfiguration.class})
    @Import(CryptoConfiguration.class)
    static class CryptoOnlyApplication {
    }
}
