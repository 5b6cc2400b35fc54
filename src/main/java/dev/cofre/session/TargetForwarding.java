package dev.cofre.session;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.session.ServerSession;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditUnavailableException;
import dev.cofre.credential.Credential;
import dev.cofre.credential.CredentialNotFoundException;
import dev.cofre.credential.SessionSecrets;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyDeniedException;

/**
 * Local port forwarding ({@code ssh -L}) of one gateway connection. Every forwarded channel needs START_SESSION and
 * PORT_FORWARDING on the credential named in the login; it is opened as a direct-tcpip channel on the target's SSH
 * connection, so the forwarded TCP connection starts on the target, never on Cofre. The target connection is
 * logged into at the first forwarded channel (so {@code ssh -N -L} needs no shell) and shared by the later ones;
 * it is one session record of kind "forward" (SESSION_START/SESSION_END), closed with the gateway connection.
 * Each forwarded channel is audited too (SESSION_START when opened, SESSION_END with its byte counts), and noted
 * in the session's recording as metadata; forwarded data is never recorded.
 */
final class TargetForwarding {

    private static final AttributeKey<TargetForwarding> KEY = new AttributeKey<>();

    /** A forwarded channel open on the target, with its number in this session. */
    record Opened(ChannelDirectTcpip channel, int number, String destination) {
    }

    private final SessionRunner runner;
    private final GatewayLogin login;
    private final AtomicInteger channels = new AtomicInteger();
    private Credential credential;
    private UUID id;
    private ClientSession target;
    private AsciicastRecording recording;
    private boolean closed;

    private TargetForwarding(SessionRunner runner, GatewayLogin login) {
        this.runner = runner;
        this.login = login;
    }

    /** The forwarding state of a gateway connection; ended (and its target connection closed) with it. */
    static TargetForwarding of(ServerSession session, SessionRunner runner) {
        return session.computeAttributeIfAbsent(KEY, k -> {
            TargetForwarding f = new TargetForwarding(runner, session.getAttribute(GatewayLogin.KEY));
            session.addCloseFutureListener(closed -> f.close());
            return f;
        });
    }

    /**
     * Opens a direct-tcpip channel to {@code host:port} on the target, logging into it first if needed.
     *
     * @throws SshChannelOpenException with the reason the client shows ("administratively prohibited: ...")
     */
    Opened open(long channelId, String host, int port, String originatorHost, int originatorPort)
            throws SshChannelOpenException {
        if (login == null) {
            throw prohibited(channelId, "Cofre: not logged in.");
        }
        Actor actor = login.actor();
        String destination = GatewaySession.clip(host, 255) + ":" + port;
        if (login.target() == null) {
            throw prohibited(channelId, "Cofre: name the credential in the login name to forward ports, e.g. ssh -L "
                    + "... '" + actor.username() + "@<credential>'@<cofre host>");
        }
        String requested = GatewaySession.clip(login.target(), 100);
        Optional<Credential> found = runner.credentials.findByIdOrName(actor, login.target());
        Set<Permission> granted = found.map(c -> runner.credentials.permissionsOn(actor, c)).orElse(Set.of());
        if (!granted.contains(Permission.START_SESSION) || !granted.contains(Permission.PORT_FORWARDING)) {
            audit(actor, found.map(Credential::id).orElse(null), found.map(Credential::name)
                    .orElse("requested " + requested), AuditOutcome.DENIED, found.isEmpty()
                    ? "port forwarding to " + destination + ": unknown credential or no permission"
                    : "port forwarding to " + destination + " needs START_SESSION and PORT_FORWARDING", channelId);
            throw prohibited(channelId, found.isEmpty()
                    ? "Cofre: there is no credential you may forward ports through by that name"
                    : "Cofre: port forwarding through \"" + found.get().name()
                            + "\" needs the PORT_FORWARDING permission");
        }
        ClientSession s = connected(channelId, found.get());
        int number = channels.incrementAndGet();
        String what = "session " + id + " forward #" + number + " to " + destination;
        audit(actor, credential.id(), credential.name(), AuditOutcome.SUCCESS, what, channelId);
        try {
            ChannelDirectTcpip ch = s.createDirectTcpipChannel(
                    new SshdSocketAddress(originatorHost == null ? "127.0.0.1" : originatorHost, originatorPort),
                    new SshdSocketAddress(host, port));
            ch.open().verify(runner.properties.connectTimeout());
            note("forward #" + number + " to " + destination + " opened");
            return new Opened(ch, number, destination);
        } catch (IOException | RuntimeException e) {
            note("forward #" + number + " to " + destination + " refused by the target");
            try {
                runner.audit.record(actor.event(AuditAction.SESSION_END, credential.id(), credential.name(),
                        AuditOutcome.FAILURE, what + " failed: the target could not open it"));
            } catch (AuditUnavailableException unavailable) {
                // the open failed anyway
            }
            throw new SshChannelOpenException(channelId, SshConstants.SSH_OPEN_CONNECT_FAILED,
                    "Cofre: the target could not connect to " + destination);
        }
    }

    /**
     * Counts and notes the end of a forwarded channel at once (before the session's own end, which follows when
     * the whole connection closes) and audits it on a session thread, off the I/O thread that closed it.
     */
    void closed(Opened opened, long bytesOut, long bytesIn) {
        String counts = bytesOut + " bytes out, " + bytesIn + " bytes in";
        synchronized (this) {
            if (recording != null) {
                recording.count(bytesOut, bytesIn);
            }
        }
        note("forward #" + opened.number() + " to " + opened.destination() + " closed, " + counts);
        runner.threads().submit(() -> auditClosed(opened, counts));
    }

    private void auditClosed(Opened opened, String counts) {
        try {
            runner.audit.record(login.actor().event(AuditAction.SESSION_END, credential.id(), credential.name(),
                    AuditOutcome.SUCCESS, "session " + id + " forward #" + opened.number() + " to "
                            + opened.destination() + " closed, " + counts));
        } catch (AuditUnavailableException e) {
            // logged by the trail; the channel is closed already
        }
    }

    /** The logged-in target connection, logging in on the first call. */
    private synchronized ClientSession connected(long channelId, Credential c) throws SshChannelOpenException {
        if (closed) {
            throw prohibited(channelId, "Cofre: the connection is closing");
        }
        if (target != null) {
            if (!target.isOpen()) {
                throw new SshChannelOpenException(channelId, SshConstants.SSH_OPEN_CONNECT_FAILED,
                        "Cofre: the connection to the target has closed");
            }
            return target;
        }
        if (c.host() == null || c.host().isBlank()) {
            throw prohibited(channelId, "Cofre: credential \"" + c.name() + "\" has no host to connect to.");
        }
        Actor actor = login.actor();
        SessionSecrets secrets;
        try {
            secrets = runner.credentials.openForSession(actor, c.id());
        } catch (PolicyDeniedException | CredentialNotFoundException e) {
            throw prohibited(channelId, "Cofre: port forwarding through \"" + c.name()
                    + "\" needs the START_SESSION permission");
        }
        try (secrets) {
            String host = c.host().strip();
            int port = c.port() == null ? 22 : c.port();
            UUID sessionId = UUID.randomUUID();
            String where = c.username() + "@" + host + ":" + port;
            // Fail closed: the start is on record before the password leaves Cofre.
            audit(actor, c.id(), c.name(), AuditOutcome.SUCCESS, "session " + sessionId + " forward to " + where,
                    channelId);
            Instant started = runner.clock.instant();
            runner.store.started(new SessionRecord(sessionId, actor.userId(), actor.username(), c.id(), c.name(), host,
                    port, c.username(), "forward", false, actor.ip(), started, null, null, null, null, 0, 0, false,
                    false));
            credential = c;
            id = sessionId;
            recording = new AsciicastRecording(runner.properties.maxRecordingSize().toBytes(), 80, 24,
                    started.getEpochSecond(), null, actor.username() + " as " + where + " (port forwarding)", null);
            TargetLogin.Result r = TargetLogin.login(runner, actor, c, secrets, host, port, s -> {
                target = s;
                return true; // closing the gateway connection closes this one
            });
            if (r.failure() != null) {
                recording.note("Cofre: " + r.failure() + "\r\n");
                closeTarget();
                GatewaySession.finish(runner, actor, c, sessionId, recording, "FAILED", r.failure(), null, null);
                closed = true;
                throw new SshChannelOpenException(channelId, SshConstants.SSH_OPEN_CONNECT_FAILED,
                        "Cofre: " + r.failure());
            }
            return target;
        }
    }

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (id == null) {
            return;
        }
        closeTarget();
        GatewaySession.finish(runner, login.actor(), credential, id, recording, "ENDED", null, null,
                ": " + channels.get() + " forwarded channel" + (channels.get() == 1 ? "" : "s"));
    }

    private void closeTarget() {
        if (target != null) {
            target.close(true);
        }
    }

    private synchronized void note(String line) {
        if (recording != null) {
            recording.note("Cofre: " + line + "\r\n");
        }
    }

    private void audit(Actor actor, UUID credentialId, String name, AuditOutcome outcome, String detail,
                       long channelId) throws SshChannelOpenException {
        try {
            runner.audit.record(actor.event(AuditAction.SESSION_START, credentialId, name, outcome, detail));
        } catch (AuditUnavailableException e) {
            throw prohibited(channelId, "Cofre: the audit trail is unavailable, so the forwarding was refused");
        }
    }

    private static SshChannelOpenException prohibited(long channelId, String message) {
        return new SshChannelOpenException(channelId, SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, message);
    }
}
