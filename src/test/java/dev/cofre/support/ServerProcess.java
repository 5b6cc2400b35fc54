package dev.cofre.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Cofre in a JVM of its own, for tests that need a real process (a kill, the packaged jar). */
public final class ServerProcess {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private ServerProcess() {
    }

    /** The {@code java} of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Runs {@code command} (which must set {@code --server.port=port}) with the given initial admin password and its
     * output in {@code log}, and returns once the health probe answers, failing if the process exits or 120 s pass.
     */
    public static Process startAndAwaitHealthy(List<String> command, int port, String adminPassword, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("COFRE_ADMIN_PASSWORD", adminPassword);
        builder.environment().remove("COFRE_DATA_DIR");
        Process server = builder.start();
        ApiClient client = new ApiClient(port);
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive()).as("server process running").isTrue();
            try {
                if (client.get("/actuator/health").status() == 200) {
                    return server;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.destroyForcibly();
        throw new AssertionError("server did not answer within " + START_LIMIT.toSeconds() + " s");
    }
}
