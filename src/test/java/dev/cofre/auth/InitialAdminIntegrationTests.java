package dev.cofre.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;

/**
 * First start without COFRE_ADMIN_PASSWORD: a data dir created 0700, a generated password in a 0600 file, never in
 * the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class InitialAdminIntegrationTests {

    static final Path DATA = CofreServerTests.tempDir("first-start").resolve("data");

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("cofre.data-dir", DATA::toString);
        registry.add("cofre.auth.initial-admin-password", () -> "");
        registry.add("cofre.crypto.master-key", () -> "");
    }

    @LocalServerPort
    int port;

    @Test
    void generatedAdminPasswordIsWrittenToAPrivateFileAndWorks(CapturedOutput output) throws Exception {
        Path file = DATA.resolve(InitialAdmin.PASSWORD_FILE);
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String password = Files.readString(file).strip();
        assertThat(password).hasSize(24);

        ApiClient client = new ApiClient(port).login("admin", password);
        assertThat(client.get("/api/v1/credentials").status()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(password).contains(file.toAbsolutePath().toString());
        assertThat(Files.getPosixFilePermissions(DATA)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        assertThat(Set.of(Files.list(DATA).map(p -> p.getFileName().toString()).toArray()))
                .contains("master.key", "initial-admin-password");
    }
}
