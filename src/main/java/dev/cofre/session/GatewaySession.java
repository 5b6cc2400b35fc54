package dev.cofre.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditUnavailableException;
import dev.cofre.credential.Credential;
import dev.cofre.credential.CredentialNotFoundException;
import dev.cofre.credential.CredentialQuery;
import dev.cofre.credential.SessionSecrets;
import dev.cofre.crypto.Binding;
import dev.cofre.crypto.Ciphertext;
import dev.cofre.crypto.Secret;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyDeniedException;

/**
 * One shell, exec or sftp request on the gateway: picks the credential (named in the login, or from a menu), checks
 * START_SESSION, logs into the target with the vaulted password and TOTP, then bridges bytes both ways (pty,
 * window changes, signals, EOF, exit status) while recording the output. An sftp subsystem (allowed by
 * {@link SessionRunner#sftp}, which checks SFTP) is bridged to the target's sftp subsystem and recorded as byte
 * counts only, never its binary data. Audit: SESSION_START before the
 * password leaves Cofre (fail closed), SESSION_END with the outcome; refusals are audited as DENIED.
 */
final class GatewaySession implements Command, Runnable {

    static final AttributeKey<HostKeyPins.Verifier> VERIFIER = new AttributeKey<>();
    static final String RECORDING_FIELD = "recording";
    private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);
    private static final int MENU_LIMIT = 1000;

    private final SessionRunner runner;
    private final String command;
    private final String subsystem;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private ChannelSession channel;
    private Environment env;
    private volatile ClientSession target;
    private volatile ClientChannel targetChannel;
    private volatile boolean destroyed;

    GatewaySession(SessionRunner runner, String command, String subsystem) {
        this.runner = runner;
        this.command = command;
        this.subsystem = subsystem;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        this.env = env;
        runner.threads().submit(this);
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed = true;
        closeTarget();
    }

    @Override
    public void run() {
        int status;
        try {
            status = serve();
        } catch (AuditUnavailableException e) {
            tell("Cofre: the audit trail is unavailable, so the session was refused. Try again later.");
            status = 1;
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString();
            log.error("SSH gateway session failed [correlationId={}]: {} at {}", id, e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            tell("Cofre: internal error (correlation id " + id + ").");
            status = 1;
        } finally {
            closeTarget();
        }
        try {
            out.flush();
            err.flush();
        } catch (IOException e) {
            // the client has gone
        }
        exit.onExit(status);
    }

    private int serve() {
        GatewayLogin login = channel.getSession().getAttribute(GatewayLogin.KEY);
        if (login == null) {
            tell("Cofre: not logged in.");
            return 1;
        }
        Actor actor = login.actor();
        boolean pty = env.getEnv().containsKey(Environment.ENV_TERM);
        String requested = login.target();
        if (requested == null) {
            if (command != null) {
                tell("Cofre: name the credential in the login name, e.g. ssh -p PORT '" + actor.username()
                        + "@<credential>'@<cofre host> " + "<command>");
                return 2;
            }
            requested = menu(actor, pty);
            if (requested == null) {
                return 0;
            }
        }
        Optional<Credential> found = runner.credentials.findByIdOrName(actor, requested);
        if (found.isEmpty()) {
            runner.audit.record(actor.event(AuditAction.SESSION_START, null, "requested " + clip(requested, 100),
                    AuditOutcome.DENIED, "unknown credential or no permission"));
            tell("Cofre: there is no credential \"" + clip(printable(requested), 100)
                    + "\" that you may start sessions on.");
            return 1;
        }
        Credential credential = found.get();
        SessionSecrets secrets;
        try {
            secrets = runner.credentials.openForSession(actor, credential.id());
        } catch (PolicyDeniedException e) {
            tell("Cofre: permission denied: starting a session on \"" + credential.name()
                    + "\" needs the START_SESSION permission.");
            return 1;
        } catch (CredentialNotFoundException e) {
            tell("Cofre: there is no credential \"" + clip(printable(requested), 100)
                    + "\" that you may start sessions on.");
            return 1;
        }
        try (secrets) {
            if (credential.host() == null || credential.host().isBlank()) {
                runner.audit.record(actor.event(AuditAction.SESSION_START, credential.id(), credential.name(),
                        AuditOutcome.FAILURE, "credential has no host"));
                tell("Cofre: credential \"" + credential.name() + "\" has no host to connect to.");
                return 1;
            }
            return session(actor, credential, secrets, pty);
        }
    }

    private int session(Actor actor, Credential credential, SessionSecrets secrets, boolean pty) {
        String host = credential.host().strip();
        int port = credential.port() == null ? 22 : credential.port();
        UUID id = UUID.randomUUID();
        String kind = subsystem != null ? subsystem : command == null ? "shell" : "exec";
        String where = credential.username() + "@" + host + ":" + port;
        // Fail closed: the start is on record before the password leaves Cofre.
        runner.audit.record(actor.event(AuditAction.SESSION_START, credential.id(), credential.name(),
                AuditOutcome.SUCCESS, "session " + id + " " + kind + (pty ? " pty" : "") + " to " + where));
        Instant started = runner.clock.instant();
        runner.store.started(new SessionRecord(id, actor.userId(), actor.username(), credential.id(),
                credential.name(), host, port, credential.username(), kind, pty, actor.ip(), started, null, null,
                null, null, 0, 0, false, false));
        int columns = envInt(Environment.ENV_COLUMNS, 80);
        int lines = envInt(Environment.ENV_LINES, 24);
        AsciicastRecording recording = new AsciicastRecording(runner.properties.maxRecordingSize().toBytes(),
                columns, lines, started.getEpochSecond(), env.getEnv().get(Environment.ENV_TERM),
                actor.username() + " as " + where, command);
        String failure = null;
        Integer status = null;
        try {
            failure = connect(actor, credential, secrets, host, port);
            secrets.close(); // logged in (or not): the password and seed are wiped now
            if (failure == null) {
                status = bridge(recording, pty, columns, lines);
            } else {
                recording.note("Cofre: " + failure + "\r\n");
                tell("Cofre: " + failure);
            }
        } finally {
            end(actor, credential, id, recording, failure, status);
        }
        return failure != null ? 1 : status;
    }

    /** Logs into the target; null on success, otherwise the reason to tell the user. */
    private String connect(Actor actor, Credential credential, SessionSecrets secrets, String host, int port) {
        return TargetLogin.login(runner, actor, credential, secrets, host, port, s -> {
            target = s;
            return !destroyed;
        }).failure();
    }

    private int bridge(AsciicastRecording recording, boolean pty, int columns, int lines) {
        ClientSession s = target;
        try {
            ClientChannel ch;
            if (subsystem != null) {
                ch = s.createSubsystemChannel(subsystem);
            } else {
                PtyCapableChannelSession p = command == null ? s.createShellChannel() : s.createExecChannel(command);
                p.setUsePty(pty);
                if (pty) {
                    p.setPtyType(env.getEnv().getOrDefault(Environment.ENV_TERM, "xterm"));
                    p.setPtyColumns(columns);
                    p.setPtyLines(lines);
                    Map<PtyMode, Integer> modes = env.getPtyModes();
                    if (modes != null && !modes.isEmpty()) {
                        p.setPtyModes(modes);
                    }
                }
                env.addSignalListener((c, signal) -> forward(p, signal, recording));
                ch = p;
            }
            targetChannel = ch;
            ch.open().verify(runner.properties.connectTimeout());
            Future<?> stdout = runner.threads().submit(() -> pumpOut(ch.getInvertedOut(), out, recording));
            Future<?> stderr = runner.threads().submit(() -> pumpOut(ch.getInvertedErr(), err, recording));
            Future<?> stdin = runner.threads().submit(() -> pumpIn(ch, recording));
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            waitQuietly(stdout);
            waitQuietly(stderr);
            stdin.cancel(true);
            Integer code = ch.getExitStatus();
            if (code != null) {
                return code;
            }
            String signal = ch.getExitSignal();
            Signal known = signal == null ? null : Signal.get(signal);
            return known != null ? 128 + known.getNumeric() : 255;
        } catch (IOException e) {
            tell("Cofre: the target closed the session (" + networkReason(e) + ").");
            return 255;
        }
    }

    private void pumpOut(InputStream from, OutputStream to, AsciicastRecording recording) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                if (n > 0) {
                    if (subsystem != null) {
                        recording.countOutput(n); // binary protocol data: counted, never recorded
                    } else {
                        recording.output(buffer, 0, n);
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // channel closed: the session is ending
        }
    }

    private void pumpIn(ClientChannel ch, AsciicastRecording recording) {
        byte[] buffer = new byte[8192];
        OutputStream to = ch.getInvertedIn();
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (n > 0) {
                    if (runner.properties.recordInput() && subsystem == null) {
                        recording.input(buffer, 0, n);
                    } else {
                        recording.countInput(n);
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
            to.close(); // sends EOF to the target
        } catch (IOException e) {
            // either side closed
        } finally {
            java.util.Arrays.fill(buffer, (byte) 0);
        }
    }

    private void forward(PtyCapableChannelSession ch, Signal signal, AsciicastRecording recording) {
        try {
            if (signal == Signal.WINCH) {
                int columns = envInt(Environment.ENV_COLUMNS, 80);
                int lines = envInt(Environment.ENV_LINES, 24);
                recording.resize(columns, lines);
                ch.sendWindowChange(columns, lines);
                return;
            }
            Buffer b = ch.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            b.putUInt(ch.getRecipient());
            b.putString("signal");
            b.putBoolean(false);
            b.putString(signal.name());
            ch.writePacket(b);
        } catch (IOException e) {
            log.debug("could not forward {} to the target", signal);
        }
    }

    private void end(Actor actor, Credential credential, UUID id, AsciicastRecording recording, String failure,
                     Integer status) {
        if (subsystem != null) {
            recording.note("Cofre: " + subsystem + " subsystem, " + recording.bytesOut() + " bytes out, "
                    + recording.bytesIn() + " bytes in\r\n");
        }
        String outcome = failure != null ? "FAILED" : destroyed && status == null ? "DISCONNECTED" : "ENDED";
        finish(runner, actor, credential, id, recording, outcome, failure, status,
                failure == null ? " exit " + status : null);
    }

    /**
     * Seals the recording and stores and audits a session's end. {@code summary} follows "session ID" in the
     * SESSION_END detail when there was no failure.
     */
    static void finish(SessionRunner runner, Actor actor, Credential credential, UUID id,
                       AsciicastRecording recording, String outcome, String failure, Integer status, String summary) {
        Ciphertext sealed = null;
        byte[] bytes = recording.finish();
        try (Secret plain = Secret.wrap(bytes)) {
            sealed = runner.barrier.seal(plain, Binding.of("session:" + id, RECORDING_FIELD));
        } catch (RuntimeException e) {
            log.error("SSH session {}: the recording could not be sealed ({})", id, e.getClass().getName());
        }
        try {
            runner.store.ended(id, runner.clock.instant(), outcome, failure == null ? null : clip(failure, 500),
                    status, recording.bytesOut(), recording.bytesIn(), sealed, recording.truncated());
        } catch (RuntimeException e) {
            log.error("SSH session {}: its end could not be stored ({})", id, e.getClass().getName());
        }
        try {
            runner.audit.record(actor.event(AuditAction.SESSION_END, credential.id(), credential.name(),
                    failure == null ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                    "session " + id + (failure == null ? summary : " failed: " + clip(failure, 300))
                            + ", " + recording.bytesOut() + " bytes out"));
        } catch (AuditUnavailableException e) {
            log.error("SSH session {}: the audit trail is unavailable; its end is not recorded", id);
        }
    }

    /** Lists the credentials the actor may start sessions on; returns the chosen id or name, null to quit. */
    private String menu(Actor actor, boolean pty) {
        List<Credential> options = new ArrayList<>();
        for (int page = 0; options.size() < MENU_LIMIT && page < MENU_LIMIT / CredentialQuery.MAX_SIZE; page++) {
            List<Credential> items = runner.credentials.list(actor,
                    new CredentialQuery(null, CredentialQuery.Sort.NAME, false, page, CredentialQuery.MAX_SIZE)).items();
            for (Credential c : items) {
                if (c.host() != null && runner.credentials.permissionsOn(actor, c).contains(Permission.START_SESSION)) {
                    options.add(c);
                }
            }
            if (items.size() < CredentialQuery.MAX_SIZE) {
                break;
            }
        }
        String nl = pty ? "\r\n" : "\n";
        if (options.isEmpty()) {
            tell("Cofre: there is no credential you may start sessions on.");
            return null;
        }
        StringBuilder text = new StringBuilder("Cofre: credentials you may start sessions on" + nl);
        for (int i = 0; i < options.size(); i++) {
            Credential c = options.get(i);
            text.append(String.format(Locale.ROOT, "%4d) %s  (%s@%s:%d)%s", i + 1, printable(c.name()),
                    printable(c.username()), printable(c.host()), c.port() == null ? 22 : c.port(), nl));
        }
        text.append("Number or name (empty to quit): ");
        write(out, text.toString());
        String line = readLine(pty);
        write(out, nl);
        if (line == null || line.isBlank()) {
            return null;
        }
        String choice = line.strip();
        if (choice.chars().allMatch(Character::isDigit) && choice.length() <= 6) {
            int n = Integer.parseInt(choice);
            if (n >= 1 && n <= options.size()) {
                return options.get(n - 1).id().toString();
            }
        }
        return choice;
    }

    /** Reads one line from the user (echoing it under a pty, where the client does not); null on ^C, ^D, EOF. */
    private String readLine(boolean pty) {
        StringBuilder line = new StringBuilder();
        try {
            while (line.length() < 200) {
                int b = in.read();
                if (b < 0 || b == 3 || b == 4) {
                    return null;
                }
                if (b == '\r' || b == '\n') {
                    return line.toString();
                }
                if (b == 0x7F || b == 8) {
                    if (line.length() > 0) {
                        line.setLength(line.length() - 1);
                        if (pty) {
                            write(out, "\b \b");
                        }
                    }
                    continue;
                }
                if (b >= 0x20) {
                    line.append((char) b);
                    if (pty) {
                        out.write(b);
                        out.flush();
                    }
                }
            }
            return line.toString();
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private void tell(String message) {
        write(err, message + (env != null && env.getEnv().containsKey(Environment.ENV_TERM) ? "\r\n" : "\n"));
    }

    private static void write(OutputStream to, String text) {
        try {
            to.write(text.getBytes(StandardCharsets.UTF_8));
            to.flush();
        } catch (IOException e) {
            // the client has gone
        }
    }

    private void closeTarget() {
        ClientChannel ch = targetChannel;
        if (ch != null) {
            ch.close(true);
        }
        ClientSession s = target;
        if (s != null) {
            s.close(true);
        }
    }

    private int envInt(String name, int fallback) {
        try {
            int v = Integer.parseInt(env.getEnv().getOrDefault(name, "").strip());
            return v > 0 && v < 10_000 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void waitQuietly(Future<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            f.cancel(true);
        }
    }

    static String networkReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
                return "timed out";
            }
        }
        return "connection failed";
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
