package dev.cofre;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CofreApplicationTests {

    @TempDir
    Path dir;

    @Test
    void aJarWithGeneratedDefinitionsStartsAheadOfTime() throws IOException {
        Path jar = Files.createFile(dir.resolve("cofre.jar"));
        assertThat(CofreApplication.startsAheadOfTime(source(jar.toUri().toURL()), true)).isTrue();
    }

    @Test
    void classesInABuildDirectoryStartOrdinarilyEvenWithGeneratedDefinitions() throws IOException {
        // After `mvn package`, target/classes holds the generated initializer too, possibly older than the classes.
        assertThat(CofreApplication.startsAheadOfTime(source(dir.toUri().toURL()), true)).isFalse();
    }

    @Test
    void aJarWithoutGeneratedDefinitionsStartsOrdinarily() throws IOException {
        Path jar = Files.createFile(dir.resolve("cofre.jar"));
        assertThat(CofreApplication.startsAheadOfTime(source(jar.toUri().toURL()), false)).isFalse();
    }

    @Test
    void anUnknownOrNonFileOriginStartsOrdinarily() throws IOException {
        assertThat(CofreApplication.startsAheadOfTime(null, true)).isFalse();
        assertThat(CofreApplication.startsAheadOfTime(source(null), true)).isFalse();
        assertThat(CofreApplication.startsAheadOfTime(source(new URL("jar:file:/x.jar!/BOOT-INF/classes!/")), true))
                .isFalse();
        assertThat(CofreApplication.startsAheadOfTime(source(dir.resolve("missing.jar").toUri().toURL()), true))
                .isFalse();
    }

    @Test
    void theTestsRunOnClassesNotOnBuildTimeDefinitions() {
        assertThat(CofreApplication.startsAheadOfTime(CofreApplication.class.getProtectionDomain().getCodeSource(),
                true)).isFalse();
    }

    private static CodeSource source(URL location) {
        return new CodeSource(location, (Certificate[]) null);
    }
}
