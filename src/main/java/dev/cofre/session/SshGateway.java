package dev.cofre.session;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerAuthenticationManager;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditTrail;
import dev.cofre.audit.AuditUnavailableException;
import dev.cofre.config.CofreProperties;

/**
 * The SSH server users connect to ({@code ssh -p 2222 'alice@web01'@cofre}). Its host key is generated once into
 * the data dir (0600) and kept. Shell and exec requests become {@link GatewaySession}s; so does the sftp subsystem
 * where the policy grants SFTP, and local forwarding ({@code ssh -L}) becomes {@link ForwardedChannel}s, opened on
 * the target, where it grants PORT_FORWARDING. Agent forwarding, X11 forwarding and remote forwarding
 * ({@code ssh -R}, which would listen on Cofre) are always refused, as is every other subsystem.
 * With {@code cofre.ssh.enabled=false} it never starts. That is decided when it starts, not by a bean condition:
 * the packaged jar's bean set is fixed when it is built (ahead-of-time processing), its settings are not.
 */
@Component
public class SshGateway implements SmartLifecycle {

    static final String HOST_KEY_FILE = "ssh_host_ecdsa_key";
    private static final Logger log = LoggerFactory.getLogger(SshGateway.class);

    private final SshProperties properties;
    private final CofreProperties cofre;
    private final GatewayAuthenticator authenticator;
    private final SessionRunner runner;
    private final AuditTrail audit;
    private volatile SshServer server;
    // Guarded by this: the server being configured in the background since construction, taken by start().
    private CompletableFuture<SshServer> configuring;

    SshGateway(SshProperties properties, CofreProperties cofre, GatewayAuthenticator authenticator,
               SessionRunner runner, AuditTrail audit) {
        this.properties = properties;
        this.cofre = cofre;
        this.authenticator = authenticator;
        this.runner = runner;
        this.audit = audit;
        if (properties.enabled()) {
            configuring = configureInBackground();
        }
    }

    /**
     * Loading the host key and setting up MINA's server (its classes, Bouncy Castle's registration) took ~0.5 s of
     * the start's critical path after the web server (docs/BENCHMARKS.md); nothing here listens, so it runs beside
     * the rest of the start, and {@link #start()} waits for it and rethrows what it threw.
     */
    private CompletableFuture<SshServer> configureInBackground() {
        return CompletableFuture.supplyAsync(this::configured, work -> {
            Thread thread = new Thread(work, "cofre-ssh-gateway-setup");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private SshServer takeConfigured() {
        CompletableFuture<SshServer> pending = configuring;
        configuring = null;
        if (pending == null) {
            return configured(); // started again after a stop
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The port the gateway listens on (the actual one when configured with 0). */
    public int port() {
        SshServer s = server;
        if (s == null) {
            throw new IllegalStateException("the SSH gateway is not running");
        }
        return s.getPort();
    }

    @Override
    public synchronized void start() {
        if (server != null || !properties.enabled()) {
            return;
        }
        SshServer s = takeConfigured();
        runner.start();
        try {
            s.start();
        } catch (BindException e) {
            runner.stop();
            throw new IllegalStateException("cofre.ssh.port " + properties.port() + " on "
                    + properties.bindAddress() + " is already in use (set cofre.ssh.port, or 0 for a free port)", e);
        } catch (IOException e) {
            runner.stop();
            throw new UncheckedIOException("the SSH gateway could not start on cofre.ssh.port " + properties.port(), e);
        }
        server = s;
        log.info("SSH gateway listening on {}:{}", properties.bindAddress(), s.getPort());
    }

    /** The server with its host key, authentication, channels and subsystems, not listening yet. */
    private SshServer configured() {
        KeyPairProvider hostKey = hostKey(cofre.dataDir().resolve(HOST_KEY_FILE));
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(properties.bindAddress());
        s.setPort(properties.port());
        s.setKeyPairProvider(hostKey);
        s.setPasswordAuthenticator(authenticator);
        s.setKeyboardInteractiveAuthenticator(authenticator);
        s.setPublickeyAuthenticator(authenticator);
        // Agent, X11 and remote (-R) forwarding stay refused whatever the policy: the filter rejects them all. Local
        // forwarding (direct-tcpip) does not go through it: ForwardedChannel replaces MINA's DirectTcpipFactory.
        s.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        s.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE, ForwardedChannel.factory(runner)));
        s.setServiceFactories(List.of(ServerUserAuthServiceFactory.INSTANCE,
                new ForwardedChannel.ConnectionServiceFactory()));
        s.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            @Override
            public Command createSubsystem(ChannelSession channel) {
                return runner.sftp(channel);
            }
        }));
        s.setShellFactory(channel -> runner.shell());
        s.setCommandFactory((channel, command) -> runner.exec(command));
        CoreModuleProperties.AUTH_TIMEOUT.set(s, properties.loginGraceTime());
        CoreModuleProperties.SERVER_IDENTIFICATION.set(s, "Cofre");
        s.setUserAuthFactories(AuditedUserAuth.of(ServerAuthenticationManager.resolveUserAuthFactories(s),
                this::loggedIn));
        return s;
    }

    /**
     * The LOGIN record of a login its method has just verified, written before the client is told it succeeded
     * ({@link AuditedUserAuth}); a login that cannot be audited is refused with a reason, and nothing starts on it.
     */
    private boolean loggedIn(ServerSession session) {
        GatewayLogin login = session.getAttribute(GatewayLogin.KEY);
        if (login == null) { // every Cofre authenticator names who logged in before it accepts
            session.close(true);
            return false;
        }
        try {
            audit.record(login.actor().event(AuditAction.LOGIN, null, null, AuditOutcome.SUCCESS,
                    "ssh gateway (" + login.method() + ")"));
            return true;
        } catch (AuditUnavailableException e) {
            log.warn("SSH gateway login of {} refused: the audit trail is unavailable", login.actor().username());
            session.removeAttribute(GatewayLogin.KEY);
            refuse(session, "Cofre: the audit trail is unavailable, so the login was refused. Try again later.");
            return false;
        }
    }

    /** Disconnects with a reason the client shows (OpenSSH prints "Received disconnect ...: reason"). */
    private static void refuse(ServerSession session, String reason) {
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_SERVICE_NOT_AVAILABLE, reason);
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
    }

    @Override
    public synchronized void stop() {
        SshServer s = server;
        server = null;
        if (s != null) {
            try {
                s.stop(true);
            } catch (IOException e) {
                log.warn("SSH gateway did not stop cleanly: {}", e.getClass().getName());
            }
        }
        runner.stop();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Loads the gateway's host key, generating it (ECDSA P-256, OpenSSH format, mode 0600) on first start. */
    static KeyPairProvider hostKey(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                createPrivate(tmp);
                try (OutputStream o = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "cofre-ssh-gateway", null, o);
                }
                try {
                    Files.move(tmp, file); // not replacing: a key written by a concurrent start wins
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
                log.info("SSH gateway host key generated in {}", file);
            } else if (posix(file)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    log.warn("SSH gateway host key {} was readable by others; its mode is now 0600", file);
                }
            }
            FileKeyPairProvider provider = new FileKeyPairProvider(file);
            List<KeyPair> keys = new java.util.ArrayList<>();
            provider.loadKeys(null).forEach(keys::add);
            if (keys.isEmpty()) {
                throw new IllegalStateException("the SSH gateway host key " + file + " holds no key");
            }
            return KeyPairProvider.wrap(keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the SSH gateway host key " + file + " cannot be read or created", e);
        }
    }

    private static void createPrivate(Path file) throws IOException {
        if (posix(file.toAbsolutePath().getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix(Path p) {
        return Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
