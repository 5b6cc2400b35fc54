package dev.cofre.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Base of integration tests that talk HTTP to a real Cofre on a random port, with embedded H2 in a fresh data
 * directory. Subclasses for PostgreSQL add {@link #usePostgres(DynamicPropertyRegistry)}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CofreServerTests {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    @LocalServerPort
    protected int port;

    protected ApiClient anonymous;
    protected ApiClient admin;

    protected static void useFreshDataDir(DynamicPropertyRegistry registry, String name) {
        Path dir = tempDir(name);
        registry.add("cofre.data-dir", dir::toString);
        registry.add("cofre.auth.initial-admin-password", () -> ADMIN_PASSWORD);
        registry.add("cofre.crypto.master-key", () -> "");
    }

    protected static void usePostgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    public static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("cofre-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void clients() {
        anonymous = new ApiClient(port);
        admin = anonymous.login("admin", ADMIN_PASSWORD);
    }
}
