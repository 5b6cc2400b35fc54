package dev.cofre.session;

import java.time.Clock;
import java.util.List;
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
import org.apache.sshd.server.command.Command;
import org.springframework.stereotype.Component;

import dev.cofre.audit.AuditTrail;
import dev.cofre.credential.CredentialService;
import dev.cofre.crypto.Barrier;

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
        return new GatewaySession(this, null);
    }

    Command exec(String command) {
        return new GatewaySession(this, command);
    }
}
