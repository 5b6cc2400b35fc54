package dev.cofre.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An Apache MINA SSHD client logged into the gateway, for what OpenSSH does not do non-interactively: a window
 * change at a chosen moment, a signal, or a pause between login and the session request. Every wait is bounded.
 */
final class GatewayClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SshClient client;
    private final ClientSession session;

    private GatewayClient(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /** Connects and logs in by password (for a user without MFA). */
    static GatewayClient login(int port, String login, String password) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
        try {
            ClientSession session = client.connect(login, "127.0.0.1", port).verify(TIMEOUT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            return new GatewayClient(client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    ClientSession session() {
        return session;
    }

    /** Output collected from a channel (stdout and stderr apart), readable while it grows. */
    static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the output holds {@code expected} (after {@code from} chars); fails after the timeout. */
        synchronized int await(String expected, int from) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String t = text();
                int at = t.indexOf(expected, Math.min(from, t.length()));
                if (at >= 0) {
                    return at + expected.length();
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no \"" + expected + "\" within " + TIMEOUT + " in: " + t);
                }
                wait(left);
            }
        }
    }

    static void send(ClientChannel channel, String text) throws IOException {
        OutputStream in = channel.getInvertedIn();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends an RFC 4254 "signal" request (MINA's client has no method for it). */
    static void signal(ClientChannel channel, String name) throws IOException {
        Buffer b = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
        b.putUInt(channel.getRecipient());
        b.putString("signal");
        b.putBoolean(false);
        b.putString(name);
        channel.writePacket(b);
    }

    static void awaitClosed(ClientChannel channel) {
        if (channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT).contains(ClientChannelEvent.TIMEOUT)) {
            throw new AssertionError("the channel did not close within " + TIMEOUT);
        }
    }

    @Override
    public void close() {
        session.close(true);
        client.stop();
    }
}
