package dev.cofre.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.cofre.config.CofreProperties;

/**
 * The gateway's own life cycle, without a vault behind it: its server is configured in the background from
 * construction on, and {@link SshGateway#start()} waits for that work and reports its failures as before.
 */
class SshGatewayTests {

    @TempDir
    Path dataDir;

    private SshGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void startListensWithTheHostKeyConfiguredSinceConstruction() throws IOException {
        gateway = gateway(true);
        gateway.start();

        assertThat(gateway.isRunning()).isTrue();
        assertThat(banner(gateway.port())).startsWith("SSH-2.0-Cofre");
        assertThat(dataDir.resolve(SshGateway.HOST_KEY_FILE)).exists();
    }

    @Test
    void aStartAfterAStopConfiguresTheServerAgainWithTheSameHostKey() throws IOException {
        gateway = gateway(true);
        gateway.start();
        byte[] key = Files.readAllBytes(dataDir.resolve(SshGateway.HOST_KEY_FILE));
        gateway.stop();
        assertThat(gateway.isRunning()).isFalse();

        gateway.start();

        assertThat(banner(gateway.port())).startsWith("SSH-2.0-Cofre");
        assertThat(Files.readAllBytes(dataDir.resolve(SshGateway.HOST_KEY_FILE))).isEqualTo(key);
    }

    @Test
    void aHostKeyFileWithoutAKeyFailsTheStartWithItsOwnMessage() throws IOException {
        Files.writeString(dataDir.resolve(SshGateway.HOST_KEY_FILE), "not a key\n");
        gateway = gateway(true);

        assertThatThrownBy(gateway::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the SSH gateway host key " + dataDir.resolve(SshGateway.HOST_KEY_FILE));
        assertThat(gateway.isRunning()).isFalse();
    }

    @Test
    void turnedOffItConfiguresNothingAndNeverListens() throws InterruptedException {
        gateway = gateway(false);
        gateway.start();

        assertThat(gateway.isRunning()).isFalse();
        assertThatThrownBy(gateway::port).isInstanceOf(IllegalStateException.class);
        Thread.sleep(200); // a background set-up, if one had begun, would have written the host key by now
        assertThat(dataDir.resolve(SshGateway.HOST_KEY_FILE)).doesNotExist();
    }

    private SshGateway gateway(boolean enabled) {
        SshProperties properties = new SshProperties(enabled, 0, "127.0.0.1", "(verification\\s*code|\\botp\\b)",
                "(password)", Duration.ofSeconds(2), false, DataSize.ofMegabytes(32), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(60));
        SessionRunner runner = new SessionRunner(properties, null, null, null, null, null, Clock.systemUTC());
        // Nobody logs in here: the authenticator and the audit trail are never asked.
        return new SshGateway(properties, new CofreProperties(dataDir), new GatewayAuthenticator(null, null), runner,
                null);
    }

    /** The server's identification line, which it sends first (RFC 4253, section 4.2). */
    private static String banner(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n' && line.length() < 255; b = in.read()) {
                line.append((char) b);
            }
            return line.toString().trim();
        }
    }
}
