package dev.cofre.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Holds the boundaries a security review relies on, by reading the sources: plaintext comes out of the barrier
 * only in a few front doors, and the REST and web adapters never reach storage directly.
 */
class ArchitectureTests {

    private static final Path MAIN = Path.of("src/main/java/dev/cofre");

    /** The only classes outside the crypto package that may call the barrier. Adding one is a reviewed decision. */
    private static final Set<String> BARRIER_USERS = Set.of(
            "credential/CredentialService.java",   // credential passwords and TOTP seeds (audited front door)
            "auth/UserMfa.java",                   // users' own MFA seeds
            "session/SessionRunner.java",          // sealing SSH session recordings
            "session/SessionService.java");        // opening them for auditors (audited)

    private static final Pattern USES_BARRIER = Pattern.compile("\\bBarrier\\b");
    private static final Pattern STORAGE = Pattern.compile(
            "import (dev\\.cofre\\.[\\w.]+Repository|org\\.springframework\\.jdbc\\.[\\w.]+|javax\\.sql\\.DataSource);");

    @Test
    void onlyTheListedFrontDoorsUseTheBarrier() throws IOException {
        List<String> users = sources().filter(p -> !p.startsWith(MAIN.resolve("crypto")))
                .filter(p -> USES_BARRIER.matcher(read(p)).find())
                .map(p -> MAIN.relativize(p).toString())
                .toList();
        assertThat(users).isNotEmpty().allMatch(BARRIER_USERS::contains);
    }

    @Test
    void apiAndWebAdaptersDoNotTouchStorage() throws IOException {
        List<String> offenders = sources()
                .filter(p -> p.startsWith(MAIN.resolve("api")) || p.startsWith(MAIN.resolve("web")))
                .filter(p -> STORAGE.matcher(read(p)).find())
                .map(p -> MAIN.relativize(p).toString())
                .toList();
        assertThat(offenders).isEmpty();
    }

    private static Stream<Path> sources() throws IOException {
        assertThat(MAIN).isDirectory();
        return Files.walk(MAIN).filter(p -> p.toString().endsWith(".java")).toList().stream();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
