package dev.cofre.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.springframework.stereotype.Component;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.credential.Credential;
import dev.cofre.credential.CredentialService;
import dev.cofre.crypto.Barrier;
import dev.cofre.policy.Permission;

/**
 * What every gateway session needs: the front doors, the store, the pinned host keys, the SSH client that
 * connects to targets, and the threads that pump bytes. Started and stopped by {@link SshGateway}.
 */
@Component
class SessionRunner {

    final SshProperties properties;
    final CredentialService credentials;
    final AuditTrail audit;
    final Barrier barrier;
    final SessionStore store;
    final HostKeyPins pins;
    final Clock clock;

    private volatile SshClient client;
    private volatile ExecutorService threads;

    SessionRunner(SshProperties properties, CredentialService credentials, AuditTrail audit, Barrier barrier,
                  SessionStore store, HostKeyPins pins, Clock clock) {
        this.properties = properties;
        this.credentials = credentials;
        this.audit = audit;
        this.barrier = barrier;
        this.store = store;
        this.pins = pins;
        this.clock = clock;
    }

    synchronized void start() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "cofre-ssh-session-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        threads = Executors.newCachedThreadPool(factory);
        SshClient c = SshClient.setUpDefaultClient();
        // Nothing from the server's own ~/.ssh: no config file, no keys; only the vaulted password and code.
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setUserAuthFactories(List.of(UserAuthKeyboardInteractiveFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        c.setServerKeyVerifier((session, address, key) -> {
            HostKeyPins.Verifier v = session.getConnectionContext() == null ? null
                    : session.getConnectionContext().getAttribute(GatewaySession.VERIFIER);
            return v != null && v.verifyServerKey(session, address, key);
        });
        // At most two keyboard-interactive rounds per target login: the first try and the boundary retry.
        CoreModuleProperties.PASSWORD_PROMPTS.set(c, 2);
        c.start();
        client = c;
    }

    synchronized void stop() {
        if (client != null) {
            client.stop();
            client = null;
        }
        if (threads != null) {
            threads.shutdownNow();
            threads = null;
        }
    }

    SshClient client() {
        return client;
    }

    ExecutorService threads() {
        return threads;
    }

    Command shell() {
        return new GatewaySession(this, null, null);
    }

    Command exec(String command) {
        return new GatewaySession(this, command, null);
    }

    /**
     * The sftp subsystem, when the login names a credential on which the user holds START_SESSION and SFTP;
     * otherwise null (MINA then fails the request, as OpenSSH shows: "subsystem request failed"), after telling
     * the user why on the channel's stderr and auditing the denial. Runs on an I/O thread: one policy lookup.
     */
    Command sftp(ChannelSession channel) {
        GatewayLogin login = channel.getSession().getAttribute(GatewayLogin.KEY);
        if (login == null) {
            return null;
        }
        Actor actor = login.actor();
        if (login.target() == null) {
            refuse(channel, "Cofre: name the credential in the login name for sftp, e.g. sftp -P PORT '"
                    + actor.username() + "@<credential>'@<cofre host>");
            return null;
        }
        Optional<Credential> found = credentials.findByIdOrName(actor, login.target());
        Set<Permission> granted = found.map(c -> credentials.permissionsOn(actor, c)).orElse(Set.of());
        if (!granted.contains(Permission.START_SESSION) || !granted.contains(Permission.SFTP)) {
            String name = GatewaySession.clip(login.target(), 100);
            audit.record(actor.event(AuditAction.SESSION_START, found.map(Credential::id).orElse(null),
                    found.map(Credential::name).orElse("requested " + name), AuditOutcome.DENIED,
                    found.isEmpty() ? "sftp: unknown credential or no permission"
                            : "sftp needs START_SESSION and SFTP"));
            refuse(channel, found.isEmpty()
                    ? "Cofre: there is no credential \"" + name.replaceAll("\\p{Cntrl}", "?")
                            + "\" that you may start sessions on."
                    : "Cofre: permission denied: sftp on \"" + found.get().name()
                            + "\" needs the START_SESSION and SFTP permissions.");
            return null;
        }
        return new GatewaySession(this, null, "sftp");
    }

    /** Writes a line to the channel's stderr before its request is failed (OpenSSH prints both). */
    private static void refuse(ChannelSession channel, String message) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Buffer b = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA, bytes.length + 16);
            b.putUInt(channel.getRecipient());
            b.putUInt(SshConstants.SSH_EXTENDED_DATA_STDERR);
            b.putBytes(bytes);
            channel.getRemoteWindow().consume(bytes.length);
            channel.writePacket(b);
        } catch (IOException | RuntimeException e) {
            // the message is a courtesy; the request fails regardless
        }
    }
}
