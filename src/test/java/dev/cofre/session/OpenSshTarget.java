package dev.cofre.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.cofre.support.CofreServerTests;

/**
 * A real OpenSSH server on 127.0.0.1 for gateway tests: Debian's sshd under its own config and a dedicated PAM
 * service ({@code cofre-test-sshd}: pam_unix, then pam_google_authenticator with a known seed), and a Unix test
 * user with a known password. Fails (never skips) when a tool is missing. Needs root, as CI runs.
 */
final class OpenSshTarget implements AutoCloseable {

    static final String USER = "cofretarget";
    static final String PASSWORD = "Target-Pass-4711";
    static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final String PAM_SERVICE = "cofre-test-sshd";

    private final Path dir;
    private int port;
    private Process process;

    private OpenSshTarget(Path dir) {
        this.dir = dir;
    }

    static void requireTools() {
        for (String tool : List.of("/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/sshpass", "/usr/bin/ssh-keygen")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new AssertionError(tool + " is missing: apt-get install -y openssh-server openssh-client "
                        + "sshpass libpam-google-authenticator");
            }
        }
        if (!Files.exists(Path.of("/lib/x86_64-linux-gnu/security/pam_google_authenticator.so"))
                && !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/security/pam_google_authenticator.so"))
                && !Files.exists(Path.of("/lib/security/pam_google_authenticator.so"))) {
            throw new AssertionError("pam_google_authenticator.so is missing: apt-get install -y "
                    + "libpam-google-authenticator");
        }
    }

    /** Starts sshd on a free port with a fresh host key. */
    static OpenSshTarget start() {
        requireTools();
        OpenSshTarget t = new OpenSshTarget(CofreServerTests.tempDir("sshd"));
        try {
            t.prepare();
            t.port = freePort();
            t.launch();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** The sshd log (stderr under -e). */
    String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Logins the target refused (one PAM failure per keyboard-interactive attempt). */
    long failedLogins() {
        return log().lines().filter(l -> l.contains("PAM: Authentication failure")).count();
    }

    /** The SHA-256 fingerprint of the current host key, as ssh-keygen prints it ({@code SHA256:...}). */
    String hostKeyFingerprint() throws IOException {
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_key.pub").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        await(p, "ssh-keygen -l");
        return out.strip().split("\\s+")[1];
    }

    /** Restarts sshd on the same port with a newly generated host key (a "changed" target). */
    void restartWithNewHostKey() throws IOException {
        stop();
        Files.deleteIfExists(dir.resolve("host_key"));
        Files.deleteIfExists(dir.resolve("host_key.pub"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        launch();
    }

    void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void prepare() throws IOException {
        Files.createDirectories(Path.of("/run/sshd"));
        run("chmod", "755", dir.toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        if (new ProcessBuilder("id", USER).start().onExit().join().exitValue() != 0) {
            run("useradd", "-m", "-s", "/bin/bash", USER);
        }
        Process chpasswd = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
        chpasswd.getOutputStream().write((USER + ":" + PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        chpasswd.getOutputStream().close();
        await(chpasswd, "chpasswd");
        // google-authenticator file: seed, options, scratch codes; read (and rewritten) by PAM as root.
        Path ga = Files.createDirectories(dir.resolve("ga"));
        Path secret = ga.resolve(USER);
        Files.writeString(secret, TOTP_SECRET + "\n\" TOTP_AUTH\n\" WINDOW_SIZE 3\n11112222\n33334444\n");
        run("chmod", "600", secret.toString());
        Files.writeString(Path.of("/etc/pam.d/" + PAM_SERVICE),
                "auth required pam_unix.so\n"
                        + "auth required pam_google_authenticator.so secret=" + ga + "/${USER} user=root\n"
                        + "account required pam_unix.so\n"
                        + "session required pam_permit.so\n");
        // sshd names its PAM service after the binary (OpenSSH 9.2 has no PAMServiceName).
        Path binary = dir.resolve(PAM_SERVICE);
        Files.deleteIfExists(binary);
        Files.createSymbolicLink(binary, Path.of("/usr/sbin/sshd"));
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "UsePAM yes",
                "KbdInteractiveAuthentication yes",
                "PasswordAuthentication no",
                "PubkeyAuthentication no",
                "AuthenticationMethods keyboard-interactive",
                "PermitRootLogin no",
                "StrictModes no",
                "MaxAuthTries 6",
                "LogLevel INFO",
                "Subsystem sftp internal-sftp",
                "AllowTcpForwarding local",
                "") );
    }

    private void launch() throws IOException {
        Path log = dir.resolve("sshd.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(dir.resolve(PAM_SERVICE).toString(), "-D", "-e", "-f",
                dir.resolve("sshd_config").toString(), "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            if (text.length() > before && text.substring((int) before).contains("Server listening")) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(50);
        }
        throw new IllegalStateException("sshd did not start: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException {
        await(new ProcessBuilder(command).redirectErrorStream(true).start(), command[0]);
    }

    private static void await(Process p, String what) throws IOException {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
