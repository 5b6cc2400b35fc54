package dev.cofre.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import dev.cofre.audit.Actor;
import dev.cofre.audit.AuditAction;
import dev.cofre.audit.AuditEvent;
import dev.cofre.audit.AuditOutcome;
import dev.cofre.audit.AuditQuery;
import dev.cofre.audit.AuditTrail;
import dev.cofre.auth.UserDraft;
import dev.cofre.auth.UserService;
import dev.cofre.policy.PolicyDraft;
import dev.cofre.policy.PolicyService;
import dev.cofre.support.ApiClient;
import dev.cofre.support.CofreServerTests;
import dev.cofre.support.Oathtool;

/**
 * The gateway end to end against real OpenSSH: the OpenSSH client logs into Cofre, Cofre logs into a Debian sshd
 * that asks for a Unix password and a Google Authenticator verification code (PAM), and the bytes, exit status,
 * recording and audit records are checked.
 */
class SshGatewayIntegrationTests extends CofreServerTests {

    private static final String USER_PASSWORD = "gateway-user-password";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static OpenSshTarget target;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "ssh-gateway");
    }

    @BeforeAll
    static void startTarget() {
        target = OpenSshTarget.start();
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Autowired
    SshGateway gateway;
    @Autowired
    UserService users;
    @Autowired
    PolicyService policies;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcClient jdbc;

    @Test
    void execRunsOnTheTargetWithTheVaultedPasswordAndTotpAndIsRecorded() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user + "@" + name(credential), USER_PASSWORD,
                null, "echo hello-from-$USER; exit 3");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).contains("hello-from-" + OpenSshTarget.USER);
        JsonNode session = onlySession(user);
        assertThat(session.get("exitStatus").asInt()).isEqualTo(3);
        assertThat(session.get("kind").asString()).isEqualTo("exec");
        assertThat(session.get("bytesOut").asLong()).isPositive();
        assertThat(session.get("endedAt").isNull()).isFalse();
        ApiClient.Response recording = admin.get("/api/v1/sessions/" + session.get("id").asString() + "/recording");
        assertThat(recording.status()).isEqualTo(200);
        assertThat(recording.body()).startsWith("{\"version\":2,").contains("hello-from-" + OpenSshTarget.USER);
        assertThat(recording.body()).doesNotContain(OpenSshTarget.PASSWORD);
        assertThat(events(user, AuditAction.SESSION_START)).extracting(AuditEvent::outcome)
                .containsExactly(AuditOutcome.SUCCESS);
        assertThat(events(user, AuditAction.SESSION_END)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("exit 3"));
        assertThat(events(user, AuditAction.LOGIN)).extracting(AuditEvent::outcome).contains(AuditOutcome.SUCCESS);
        assertThat(events("admin", AuditAction.AUDIT_READ)).isNotEmpty();
        java.io.StringWriter trail = new java.io.StringWriter();
        audit.exportJsonLines(new AuditQuery(null, null, null, null, null, 0, 1), trail);
        assertThat(trail.toString()).contains("SESSION_START").doesNotContain(OpenSshTarget.PASSWORD)
                .doesNotContain(OpenSshTarget.TOTP_SECRET).doesNotContain(USER_PASSWORD);
    }

    @Test
    void interactivePtySessionBridgesInputOutputAndExitStatus() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user + "@" + credential, USER_PASSWORD,
                "echo $((6*7)); exit 5\n", "-tt");

        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.out()).contains("42");
        JsonNode session = onlySession(user);
        assertThat(session.get("pty").asBoolean()).isTrue();
        String cast = admin.get("/api/v1/sessions/" + session.get("id").asString() + "/recording").body();
        assertThat(cast).contains("42").contains("\"o\"").doesNotContain("\"i\"");
    }

    @Test
    void aWindowChangeReachesTheTargetPtyAndIsRecorded() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");

        try (GatewayClient client = GatewayClient.login(gateway.port(), user + "@" + name(credential), USER_PASSWORD);
             ChannelShell shell = client.session().createShellChannel()) {
            GatewayClient.Capture out = new GatewayClient.Capture();
            shell.setOut(out);
            shell.setErr(new GatewayClient.Capture());
            shell.setPtyType("xterm");
            shell.setPtyColumns(80);
            shell.setPtyLines(24);
            shell.open().verify(GatewayClient.TIMEOUT);

            // Markers are computed by the shell so that the echoed command line never matches them.
            GatewayClient.send(shell, "echo size-$((1+1)) $(stty size)\n");
            int seen = out.await("size-2 24 80", 0);
            shell.sendWindowChange(120, 40);
            GatewayClient.send(shell, "echo size-$((2+1)) $(stty size)\n");
            out.await("size-3 40 120", seen);
            GatewayClient.send(shell, "exit 0\n");
            GatewayClient.awaitClosed(shell);
            assertThat(shell.getExitStatus()).isZero();
        }
        String cast = admin.get("/api/v1/sessions/" + onlySession(user).get("id").asString() + "/recording").body();
        assertThat(cast).startsWith("{\"version\":2,\"width\":80,\"height\":24,").contains(",\"r\",\"120x40\"]");
    }

    @Test
    void aSignalFromTheClientReachesTheTargetCommand() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        long started = System.nanoTime();

        try (GatewayClient client = GatewayClient.login(gateway.port(), user + "@" + name(credential), USER_PASSWORD);
             ChannelExec exec = client.session().createExecChannel("echo sleeping-$((1+1)); sleep 60; echo not-killed")) {
            GatewayClient.Capture out = new GatewayClient.Capture();
            exec.setOut(out);
            exec.setErr(new GatewayClient.Capture());
            exec.open().verify(GatewayClient.TIMEOUT);
            out.await("sleeping-2", 0);

            GatewayClient.signal(exec, "TERM");
            GatewayClient.awaitClosed(exec);

            assertThat(out.text()).doesNotContain("not-killed");
            assertThat(exec.getExitStatus()).isEqualTo(128 + 15);
        }
        assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(40));
        assertThat(onlySession(user).get("exitStatus").asInt()).isEqualTo(143);
    }

    @Test
    void withoutACredentialNameAMenuListsStartableCredentials() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        UUID viewOnly = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, viewOnly, "VIEW_PASSWORD");

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user, USER_PASSWORD,
                "1\necho menu-$((40+2)); exit 0\n", "-tt");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(name(credential)).doesNotContain(name(viewOnly)).contains("menu-42");
    }

    @Test
    void withoutStartSessionTheSessionIsRefusedClearlyAndAudited() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "VIEW_PASSWORD");
        long failedBefore = target.failedLogins();

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user + "@" + name(credential), USER_PASSWORD,
                null, "echo should-not-run");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("permission denied").contains("START_SESSION");
        assertThat(r.out()).doesNotContain("should-not-run");
        assertThat(events(user, AuditAction.SESSION_START)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED));
        assertThat(target.failedLogins()).isEqualTo(failedBefore);
    }

    @Test
    void anInvisibleCredentialIsRefusedLikeAnUnknownOne() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user + "@" + name(credential), USER_PASSWORD,
                null, "true");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("no credential").contains("that you may start sessions on");
        assertThat(events(user, AuditAction.SESSION_START)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED));
    }

    @Test
    void aWrongTotpSecretFailsClearlyWithAtMostOneRetry() {
        String user = user();
        UUID credential = credential("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", target.port());
        grant(user, credential, "START_SESSION");
        long failedBefore = target.failedLogins();

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user + "@" + name(credential), USER_PASSWORD,
                null, "echo should-not-run");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("the target refused the login").contains("verification code");
        assertThat(r.out()).doesNotContain("should-not-run");
        assertThat(target.failedLogins() - failedBefore).isBetween(1L, 2L);
        assertThat(events(user, AuditAction.SESSION_END)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILURE));
    }

    @Test
    void aTargetThatIsDownGetsAClearMessage() throws Exception {
        String user = user();
        int closed = OpenSshTarget.freePort();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, closed);
        grant(user, credential, "START_SESSION");

        SshCommand.Result r = SshCommand.withPassword(gateway.port(), user + "@" + name(credential), USER_PASSWORD,
                null, "true");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect to 127.0.0.1:" + closed).contains("connection refused");
        assertThat(onlySession(user).get("outcome").asString()).isEqualTo("FAILED");
    }

    @Test
    void aChangedHostKeyIsRefusedUntilAnAdminUnpinsItAndTheNextSessionPinsTheNewKey() throws Exception {
        String user = user();
        try (OpenSshTarget other = OpenSshTarget.start()) {
            UUID credential = credential(OpenSshTarget.TOTP_SECRET, other.port());
            grant(user, credential, "START_SESSION");
            String login = user + "@" + name(credential);
            String firstKey = other.hostKeyFingerprint();
            SshCommand.Result first = SshCommand.withPassword(gateway.port(), login, USER_PASSWORD, null, "echo pinned");
            assertThat(first.out()).as(first.toString()).contains("pinned");
            assertThat(events(user, AuditAction.HOST_KEY_PINNED)).hasSize(1);
            JsonNode pin = pinOf(other.port());
            assertThat(pin.get("fingerprint").asString()).isEqualTo(firstKey);
            assertThat(pin.get("pinnedBy").asString()).isEqualTo(user);

            other.restartWithNewHostKey();
            String newKey = other.hostKeyFingerprint();
            SshCommand.Result refused = SshCommand.withPassword(gateway.port(), login, USER_PASSWORD, null,
                    "echo should-not-run");

            assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("host key of 127.0.0.1:" + other.port() + " has changed")
                    .contains("pinned " + firstKey).contains("offered " + newKey).contains("refused");
            assertThat(refused.out()).doesNotContain("should-not-run");
            assertThat(pinOf(other.port()).get("fingerprint").asString()).isEqualTo(firstKey);

            // Only administrators see or forget pins; the refusal is audited.
            ApiClient plain = anonymous.login(user, USER_PASSWORD);
            String pinPath = "/api/v1/ssh/host-keys/" + pin.get("id").asLong();
            assertThat(plain.get("/api/v1/ssh/host-keys").status()).isEqualTo(403);
            assertThat(plain.delete(pinPath).status()).isEqualTo(403);
            assertThat(events(user, AuditAction.HOST_KEY_PINNED)).extracting(AuditEvent::outcome)
                    .containsExactlyInAnyOrder(AuditOutcome.SUCCESS, AuditOutcome.DENIED, AuditOutcome.DENIED);

            ApiClient.Response unpinned = admin.delete(pinPath);
            assertThat(unpinned.status()).as(unpinned.body()).isEqualTo(204);
            assertThat(admin.delete(pinPath).status()).isEqualTo(404);
            assertThat(events("admin", AuditAction.HOST_KEY_PINNED))
                    .filteredOn(e -> ("127.0.0.1:" + other.port()).equals(e.target())).singleElement()
                    .satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                        assertThat(e.detail()).startsWith("unpinned by admin").contains(firstKey);
                    });

            SshCommand.Result next = SshCommand.withPassword(gateway.port(), login, USER_PASSWORD, null,
                    "echo re-pinned");

            assertThat(next.exit()).as(next.toString()).isZero();
            assertThat(next.out()).contains("re-pinned");
            JsonNode repinned = pinOf(other.port());
            assertThat(repinned.get("fingerprint").asString()).isEqualTo(newKey);
            assertThat(repinned.get("id").asLong()).isNotEqualTo(pin.get("id").asLong());
            assertThat(events(user, AuditAction.HOST_KEY_PINNED)).filteredOn(e -> e.outcome() == AuditOutcome.SUCCESS)
                    .extracting(AuditEvent::detail).anySatisfy(d -> assertThat(d).endsWith(newKey));
        }
    }

    @Test
    void anUnavailableAuditTrailRefusesLoginAndSessionStartBeforeTheTargetIsContacted() throws Exception {
        String user = user();
        // The "target" only listens: any connection the gateway made would wait in its backlog.
        try (ServerSocket decoy = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            UUID credential = credential(OpenSshTarget.TOTP_SECRET, decoy.getLocalPort());
            grant(user, credential, "START_SESSION");
            String login = user + "@" + name(credential);
            GatewayClient.Capture out = new GatewayClient.Capture();
            GatewayClient.Capture err = new GatewayClient.Capture();
            Integer exit;
            SshCommand.Result openssh;
            try (GatewayClient client = GatewayClient.login(gateway.port(), login, USER_PASSWORD)) {
                jdbc.sql("ALTER TABLE audit_events RENAME TO audit_events_offline").update();
                try {
                    // Logged in before the audit went away; the session request comes after.
                    try (ChannelExec exec = client.session().createExecChannel("echo should-not-run")) {
                        exec.setOut(out);
                        exec.setErr(err);
                        exec.open().verify(GatewayClient.TIMEOUT);
                        GatewayClient.awaitClosed(exec);
                        exit = exec.getExitStatus();
                    }
                    // A login while the audit is away is refused with a reason, not just dropped.
                    // (ssh shows a disconnect reason at its default LogLevel, INFO.)
                    openssh = SshCommand.withPassword(gateway.port(), login, USER_PASSWORD, null,
                            "-o", "LogLevel=INFO", "echo should-not-run");
                } finally {
                    jdbc.sql("ALTER TABLE audit_events_offline RENAME TO audit_events").update();
                }
            }

            assertThat(exit).as(err.text()).isEqualTo(1);
            assertThat(err.text()).contains("audit trail is unavailable").contains("refused");
            assertThat(out.text()).doesNotContain("should-not-run");
            assertThat(openssh.exit()).as(openssh.toString()).isEqualTo(255);
            assertThat(openssh.err()).as(openssh.toString()).contains("audit trail is unavailable");
            assertThat(openssh.out()).doesNotContain("should-not-run");
            decoy.setSoTimeout(300);
            assertThatThrownBy(decoy::accept).as("the gateway connected to the target")
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(events(user, AuditAction.SESSION_START)).isEmpty();
        assertThat(admin.get("/api/v1/sessions?user=" + user).json().get("items").size()).isZero();
        assertThat(admin.get("/api/v1/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    /** A new ECDSA key pair made by ssh-keygen in its own directory: the private key's path ({@code .pub} beside). */
    private Path newUserKey(String dirName) throws Exception {
        Path key = tempDir(dirName).resolve("id_ecdsa");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        return key;
    }

    /** A new key pair of {@code user}'s, its public key registered through the API: the private key's path. */
    private Path registeredUserKey(String user, String dirName) throws Exception {
        Path key = newUserKey(dirName);
        ApiClient.Response added = anonymous.login(user, USER_PASSWORD).post("/api/v1/users/me/ssh-keys",
                Map.of("name", "laptop", "publicKey", Files.readString(Path.of(key + ".pub"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return key;
    }

    @Test
    void aRegisteredPublicKeyLogsIntoTheGateway() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        Path key = registeredUserKey(user, "user-key");
        assertThat(anonymous.login(user, USER_PASSWORD).get("/api/v1/users/me/ssh-keys").json().size()).isEqualTo(1);

        SshCommand.Result r = SshCommand.withKey(gateway.port(), key, user + "@" + name(credential), null,
                "echo key-login-ok");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("key-login-ok");
        // OpenSSH first asks whether the key would do, unsigned; only the signed request is the login.
        assertThat(events(user, AuditAction.LOGIN)).filteredOn(e -> "ssh-gateway".equals(e.via()))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                    assertThat(e.detail()).isEqualTo("ssh gateway (publickey)");
                });
    }

    @Test
    void aKeyLoginWhileTheAuditTrailIsUnavailableIsRefusedWithTheReason() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        Path key = registeredUserKey(user, "key-audit-away");
        int loginsBefore = events(user, AuditAction.LOGIN).size();

        SshCommand.Result r;
        jdbc.sql("ALTER TABLE audit_events RENAME TO audit_events_offline").update();
        try {
            r = SshCommand.withKey(gateway.port(), key, user + "@" + name(credential), null, "-o", "LogLevel=INFO",
                    "echo should-not-run");
        } finally {
            jdbc.sql("ALTER TABLE audit_events_offline RENAME TO audit_events").update();
        }

        assertThat(r.exit()).as(r.toString()).isEqualTo(255);
        assertThat(r.err()).as(r.toString()).contains("audit trail is unavailable");
        assertThat(r.out()).doesNotContain("should-not-run");
        assertThat(events(user, AuditAction.LOGIN)).hasSize(loginsBefore);
        assertThat(events(user, AuditAction.SESSION_START)).isEmpty();
    }

    @Test
    void aKeyThatIsNotRegisteredIsRefusedAndNoLoginIsRecorded() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        Path key = newUserKey("unregistered-key");

        SshCommand.Result r = SshCommand.withKey(gateway.port(), key, user + "@" + name(credential), null,
                "echo should-not-run");

        assertThat(r.exit()).as(r.toString()).isEqualTo(255);
        assertThat(r.err()).as(r.toString()).contains("Permission denied");
        assertThat(r.out()).doesNotContain("should-not-run");
        assertThat(events(user, AuditAction.LOGIN)).filteredOn(e -> "ssh-gateway".equals(e.via()))
                .extracting(AuditEvent::outcome).doesNotContain(AuditOutcome.SUCCESS);
        assertThat(events(user, AuditAction.SESSION_START)).isEmpty();
    }

    @Test
    void aUserWithMfaLogsInWithPasswordAndTheirOwnCodeAndRunsACommand() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        Mfa mfa = enrolMfa(user);
        // The confirm used its step; the next one is inside the accepted window and not used yet.
        String next = Oathtool.totp(mfa.secret(), "SHA1", 6, 30, mfa.confirmedAt() + 30);

        SshCommand.Result r = SshCommand.withPasswordAndCode(gateway.port(), user + "@" + name(credential),
                USER_PASSWORD, next, null, "echo mfa-ok-$USER");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("mfa-ok-" + OpenSshTarget.USER);
        assertThat(r.prompts()).as(r.toString()).hasSize(2);
        assertThat(r.prompts().get(0)).contains("Password:");
        assertThat(r.prompts().get(1)).contains("Verification code:");
        assertThat(events(user, AuditAction.LOGIN)).filteredOn(e -> e.outcome() == AuditOutcome.SUCCESS)
                .extracting(AuditEvent::detail).contains("ssh gateway (keyboard-interactive)");
        assertThat(events(user, AuditAction.SESSION_END)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS));
    }

    @Test
    void aWrongOrMissingGatewayCodeIsRefusedAndAudited() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        Mfa mfa = enrolMfa(user);
        String login = user + "@" + name(credential);
        long failedBefore = target.failedLogins();

        SshCommand.Result wrong = SshCommand.withPasswordAndCode(gateway.port(), login, USER_PASSWORD,
                invalidCode(mfa), null, "echo should-not-run");
        SshCommand.Result missing = SshCommand.withPasswordAndCode(gateway.port(), login, USER_PASSWORD, null,
                null, "echo should-not-run");
        // The plain "password" method has no place for a code, so it is refused to users with MFA.
        SshCommand.Result passwordOnly = SshCommand.withPasswordMethod(gateway.port(), login, USER_PASSWORD, null,
                "echo should-not-run");

        for (SshCommand.Result r : List.of(wrong, missing, passwordOnly)) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(255);
            assertThat(r.err()).as(r.toString()).contains("Permission denied");
            assertThat(r.out()).doesNotContain("should-not-run");
        }
        assertThat(wrong.prompts()).hasSize(2);
        assertThat(passwordOnly.prompts()).singleElement().asString().containsIgnoringCase("password");
        assertThat(events(user, AuditAction.LOGIN)).filteredOn(e -> e.outcome() == AuditOutcome.FAILURE)
                .allSatisfy(e -> assertThat(e.via()).isEqualTo("ssh-gateway"))
                .extracting(AuditEvent::detail).contains("wrong one-time code", "one-time code required");
        assertThat(events(user, AuditAction.LOGIN)).filteredOn(e -> "ssh-gateway".equals(e.via()))
                .extracting(AuditEvent::outcome).doesNotContain(AuditOutcome.SUCCESS);
        assertThat(events(user, AuditAction.SESSION_START)).isEmpty();
        assertThat(target.failedLogins()).isEqualTo(failedBefore);
    }

    @Test
    void remoteForwardingIsRefusedEvenWithPortForwardingAndSftpWithoutItsPermission() {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        grant(user, credential, "PORT_FORWARDING");
        String login = user + "@" + name(credential);

        SshCommand.Result forward = SshCommand.withPassword(gateway.port(), login, USER_PASSWORD, null,
                "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9", "echo forwarded");
        SshCommand.Result sftp = SshCommand.withPassword(gateway.port(), login, USER_PASSWORD, null, "-s", "sftp");

        assertThat(forward.exit()).as(forward.toString()).isEqualTo(255);
        assertThat(forward.out()).doesNotContain("forwarded");
        assertThat(forward.err()).containsIgnoringCase("forwarding failed");
        assertThat(sftp.exit()).as(sftp.toString()).isNotZero();
        assertThat(sftp.err()).containsIgnoringCase("subsystem request failed")
                .contains("needs the START_SESSION and SFTP permissions");
    }

    @Test
    void sftpWithTheSftpPermissionPutsAndGetsAFileOnTheTarget() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        grant(user, credential, "SFTP");
        Path dir = tempDir("sftp");
        String content = "sftp-through-cofre " + UUID.randomUUID() + "\n";
        Files.writeString(dir.resolve("up.txt"), content);
        String remote = "cofre-sftp-" + UUID.randomUUID() + ".txt";
        Path batch = Files.writeString(dir.resolve("batch"), "put " + dir.resolve("up.txt") + " " + remote + "\n"
                + "get " + remote + " " + dir.resolve("down.txt") + "\n" + "rm " + remote + "\n");

        SshCommand.Result r = SshCommand.sftp(gateway.port(), user + "@" + name(credential), USER_PASSWORD, batch);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(dir.resolve("down.txt"))).isEqualTo(content);
        assertThat(Path.of("/home", OpenSshTarget.USER, remote)).doesNotExist();
        JsonNode session = onlySession(user);
        assertThat(session.get("kind").asString()).isEqualTo("sftp");
        assertThat(session.get("bytesIn").asLong()).isGreaterThan(content.length());
        assertThat(session.get("bytesOut").asLong()).isGreaterThan(content.length());
        String cast = admin.get("/api/v1/sessions/" + session.get("id").asString() + "/recording").body();
        assertThat(cast).contains("sftp subsystem, ").doesNotContain("sftp-through-cofre");
        assertThat(events(user, AuditAction.SESSION_START)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS))
                .satisfies(e -> assertThat(e.detail()).contains(" sftp to "));
    }

    @Test
    void withoutTheSftpPermissionSftpIsRefusedClearlyAndAudited() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        Path dir = tempDir("sftp-denied");
        Files.writeString(dir.resolve("up.txt"), "never");
        Path batch = Files.writeString(dir.resolve("batch"), "put " + dir.resolve("up.txt") + " denied.txt\n");
        long failedBefore = target.failedLogins();

        SshCommand.Result r = SshCommand.sftp(gateway.port(), user + "@" + name(credential), USER_PASSWORD, batch);

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("needs the START_SESSION and SFTP permissions");
        assertThat(Path.of("/home", OpenSshTarget.USER, "denied.txt")).doesNotExist();
        assertThat(events(user, AuditAction.SESSION_START)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED))
                .satisfies(e -> assertThat(e.detail()).contains("SFTP"));
        assertThat(admin.get("/api/v1/sessions?user=" + user).json().get("items").size()).isZero();
        assertThat(target.failedLogins()).isEqualTo(failedBefore);
    }

    @Test
    void localForwardingWithThePermissionReachesAServerFromTheTarget() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        grant(user, credential, "PORT_FORWARDING");
        int local = OpenSshTarget.freePort();

        try (EchoServer echo = EchoServer.start();
             SshCommand.Background ssh = SshCommand.startWithPassword(gateway.port(), user + "@" + name(credential),
                     USER_PASSWORD, "-N", "-o", "ExitOnForwardFailure=yes", "-L",
                     local + ":127.0.0.1:" + echo.port())) {
            assertThat(echo.exchange(local, "ping-1", ssh)).isEqualTo("echo:ping-1");
            assertThat(echo.exchange(local, "ping-2", ssh)).isEqualTo("echo:ping-2");
            assertThat(echo.connections()).isEqualTo(2);
        }

        String destination = "127.0.0.1:" + EchoServer.lastPort;
        JsonNode session = awaitEnded(user);
        assertThat(session.get("kind").asString()).isEqualTo("forward");
        assertThat(session.get("bytesIn").asLong()).isEqualTo(14);
        assertThat(session.get("bytesOut").asLong()).isEqualTo(24);
        assertThat(events(user, AuditAction.SESSION_START)).extracting(AuditEvent::detail)
                .anySatisfy(d -> assertThat(d).contains(" forward to " + OpenSshTarget.USER + "@"))
                .anySatisfy(d -> assertThat(d).contains(" forward #1 to " + destination))
                .anySatisfy(d -> assertThat(d).contains(" forward #2 to " + destination));
        assertThat(events(user, AuditAction.SESSION_END)).extracting(AuditEvent::detail)
                .anySatisfy(d -> assertThat(d).contains(" forward #1 to " + destination + " closed, 12 bytes out, "
                        + "7 bytes in"))
                .anySatisfy(d -> assertThat(d).contains(": 2 forwarded channels"));
        String cast = admin.get("/api/v1/sessions/" + session.get("id").asString() + "/recording").body();
        assertThat(cast).contains("forward #2 to " + destination + " closed").doesNotContain("ping-");
    }

    @Test
    void withoutThePortForwardingPermissionNothingReachesTheServer() throws Exception {
        String user = user();
        UUID credential = credential(OpenSshTarget.TOTP_SECRET, target.port());
        grant(user, credential, "START_SESSION");
        int local = OpenSshTarget.freePort();

        try (EchoServer echo = EchoServer.start();
             SshCommand.Background ssh = SshCommand.startWithPassword(gateway.port(), user + "@" + name(credential),
                     USER_PASSWORD, "-N", "-o", "LogLevel=INFO", "-L", local + ":127.0.0.1:" + echo.port())) {
            assertThat(echo.exchange(local, "ping", ssh)).isNull();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!ssh.errText().contains("administratively prohibited") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ssh.errText()).contains("open failed: administratively prohibited: Cofre: port forwarding "
                    + "through \"" + name(credential) + "\" needs the PORT_FORWARDING permission");
            assertThat(echo.connections()).isZero();
        }
        assertThat(events(user, AuditAction.SESSION_START)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED))
                .satisfies(e -> assertThat(e.detail()).contains("PORT_FORWARDING"));
        assertThat(admin.get("/api/v1/sessions?user=" + user).json().get("items").size()).isZero();
    }

    /** A line echo server on loopback ("echo:" + line), counting the connections it accepted. */
    private static final class EchoServer implements AutoCloseable {

        static volatile int lastPort;
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        private EchoServer(ServerSocket socket) {
            this.socket = socket;
            this.thread = new Thread(this::serve, "echo-server");
            thread.setDaemon(true);
        }

        static EchoServer start() throws java.io.IOException {
            EchoServer e = new EchoServer(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
            lastPort = e.port();
            e.thread.start();
            return e;
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (java.net.Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    s.setSoTimeout(20_000);
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8)).readLine();
                    if (line != null) {
                        s.getOutputStream().write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                        s.getOutputStream().flush();
                    }
                } catch (java.io.IOException e) {
                    // closed, or one exchange failed
                }
            }
        }

        /**
         * Sends a line through the forwarded local port (retrying until ssh listens there, 30 s at most) and
         * returns the reply, or null when the forward closed the connection without one.
         */
        String exchange(int local, String line, SshCommand.Background ssh) throws Exception {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (true) {
                java.net.Socket s = new java.net.Socket();
                try {
                    s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), local), 2_000);
                } catch (java.io.IOException notYet) {
                    s.close();
                    if (System.nanoTime() > deadline || !ssh.process().isAlive()) {
                        throw new AssertionError("ssh does not listen on " + local + ": " + ssh.errText());
                    }
                    Thread.sleep(200);
                    continue;
                }
                try (s) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8)).readLine();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no reply through the forward: " + ssh.errText(), e);
                } catch (java.net.SocketException reset) {
                    return null;
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    /** The user's only session, once it has ended (the end is written after the client went away). */
    private JsonNode awaitEnded(String user) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            JsonNode items = admin.get("/api/v1/sessions?user=" + user).json().get("items");
            if (items.size() == 1 && !items.get(0).get("endedAt").isNull()
                    && events(user, AuditAction.SESSION_END).size() >= 3 || System.nanoTime() > deadline) {
                return onlySession(user);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void sessionsAndRecordingsAreForAuditorsOnly() {
        String user = user();
        ApiClient plain = anonymous.login(user, USER_PASSWORD);

        assertThat(plain.get("/api/v1/sessions").status()).isEqualTo(403);
        assertThat(plain.get("/api/v1/sessions/" + UUID.randomUUID() + "/recording").status()).isEqualTo(403);
        assertThat(events(user, AuditAction.AUDIT_READ)).extracting(AuditEvent::outcome)
                .containsOnly(AuditOutcome.DENIED);
    }

    private String user() {
        String name = "ssh-user-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        users.create(Actor.system(), new UserDraft(name, USER_PASSWORD, false, true, List.of()));
        return name;
    }

    /** A user's own MFA seed and when its enrolment was confirmed (with that step's code). */
    private record Mfa(String secret, long confirmedAt) {
    }

    private Mfa enrolMfa(String user) {
        ApiClient me = anonymous.login(user, USER_PASSWORD);
        ApiClient.Response start = me.post("/api/v1/users/me/mfa", "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        String uri = start.json().get("otpauthUri").asString();
        String secret = URLDecoder.decode(uri.replaceAll(".*[?&]secret=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        ApiClient.Response confirmed = me.post("/api/v1/users/me/mfa/confirm",
                Map.of("code", Oathtool.totp(secret, "SHA1", 6, 30, now)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(204);
        return new Mfa(secret, now);
    }

    /** A 6-digit code that none of the steps around now accepts. */
    private static String invalidCode(Mfa mfa) {
        long now = Instant.now().getEpochSecond();
        List<String> valid = List.of(-60, -30, 0, 30, 60).stream()
                .map(d -> Oathtool.totp(mfa.secret(), "SHA1", 6, 30, now + d)).toList();
        int candidate = Integer.parseInt(valid.get(2));
        String code;
        do {
            candidate = (candidate + 1) % 1_000_000;
            code = String.format("%06d", candidate);
        } while (valid.contains(code));
        return code;
    }

    private final Map<UUID, String> names = new LinkedHashMap<>();

    private UUID credential(String totpSecret, int port) {
        String name = "target-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("username", OpenSshTarget.USER);
        body.put("password", OpenSshTarget.PASSWORD);
        body.put("host", "127.0.0.1");
        body.put("port", port);
        body.put("totp", Map.of("secret", totpSecret));
        ApiClient.Response r = admin.post("/api/v1/credentials", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID id = UUID.fromString(r.json().get("id").asString());
        names.put(id, name);
        return id;
    }

    private String name(UUID credential) {
        return names.get(credential);
    }

    private void grant(String user, UUID credential, String permission) {
        policies.createPolicy(Actor.system(), new PolicyDraft("p-" + UUID.randomUUID(), null, List.of("user:" + user),
                List.of("id:" + credential), List.of(permission)));
    }

    private JsonNode onlySession(String user) {
        ApiClient.Response r = admin.get("/api/v1/sessions?user=" + user);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().get("items");
        assertThat(items.size()).as(r.body()).isEqualTo(1);
        return items.get(0);
    }

    /** The pin of 127.0.0.1:port, as the admin API lists it. */
    private JsonNode pinOf(int port) {
        ApiClient.Response r = admin.get("/api/v1/ssh/host-keys?size=200");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items").valueStream()
                .filter(p -> p.get("host").asString().equals("127.0.0.1") && p.get("port").asInt() == port)
                .findFirst().orElseThrow(() -> new AssertionError("no pin for port " + port + ": " + r.body()));
    }

    private List<AuditEvent> events(String actor, AuditAction action) {
        return audit.search(new AuditQuery(actor, null, action, null, null, 0, 100)).items();
    }
}
