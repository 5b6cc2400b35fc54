package dev.cofre.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.cofre.support.CofreServerTests;

/** Runs the real OpenSSH client against the gateway (bounded: 40 s per run, then killed). */
final class SshCommand {

    /** How the run ended; {@code prompts} are the keyboard-interactive prompts ssh asked (askpass runs only). */
    record Result(int exit, String out, String err, List<String> prompts) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err + "\n--- prompts\n" + prompts;
        }
    }

    /**
     * Answers ssh's prompts by their text: sshpass answers password prompts only, so a gateway login with a
     * verification code goes through SSH_ASKPASS (forced, so no terminal is needed). The answers come from the
     * environment, never from the command line; an unknown prompt gets no answer.
     */
    private static final String ASKPASS = """
            #!/bin/sh
            printf '%s\\n' "$1" >> "$COFRE_TEST_PROMPTS"
            case "$1" in
              *[Vv]erification*) printf '%s\\n' "$COFRE_TEST_CODE" ;;
              *[Pp]assword*) printf '%s\\n' "$COFRE_TEST_PASSWORD" ;;
              *) exit 1 ;;
            esac
            """;

    private SshCommand() {
    }

    /** {@code ssh} with the gateway password through sshpass (keyboard-interactive or password). */
    static Result withPassword(int port, String login, String password, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password));
        cmd.addAll(base(port));
        cmd.addAll(List.of("-o", "PubkeyAuthentication=no", "-o",
                "PreferredAuthentications=keyboard-interactive,password"));
        return run(cmd, Map.of(), login, stdin, args);
    }

    /**
     * {@code ssh} by keyboard-interactive only, answering "Password:" with {@code password} and "Verification
     * code:" with {@code code} (an empty answer when null).
     */
    static Result withPasswordAndCode(int port, String login, String password, String code, String stdin,
                                      String... args) {
        return withAskpass(port, "keyboard-interactive", login, password, code, stdin, args);
    }

    /** {@code ssh} by the plain "password" method only (no prompt for a code exists there). */
    static Result withPasswordMethod(int port, String login, String password, String stdin, String... args) {
        return withAskpass(port, "password", login, password, null, stdin, args);
    }

    private static Result withAskpass(int port, String method, String login, String password, String code,
                                      String stdin, String... args) {
        Path dir = CofreServerTests.tempDir("ssh-askpass");
        Path script = dir.resolve("askpass");
        Path prompts = dir.resolve("prompts");
        try {
            Files.writeString(script, ASKPASS);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(prompts, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(base(port));
        cmd.addAll(List.of("-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=" + method));
        Map<String, String> env = Map.of("SSH_ASKPASS", script.toString(), "SSH_ASKPASS_REQUIRE", "force",
                "COFRE_TEST_PROMPTS", prompts.toString(), "COFRE_TEST_PASSWORD", password,
                "COFRE_TEST_CODE", code == null ? "" : code);
        Result r = run(cmd, env, login, stdin, args);
        try {
            return new Result(r.exit(), r.out(), r.err(), Files.readAllLines(prompts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ssh -i key} (public key only). */
    static Result withKey(int port, Path key, String login, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(base(port));
        cmd.addAll(List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
                "PreferredAuthentications=publickey"));
        return run(cmd, Map.of(), login, stdin, args);
    }

    /**
     * {@code sftp -b batch} with the gateway password through sshpass. sftp's -b turns on BatchMode, which would
     * forbid the password prompt, so BatchMode=no comes first (ssh keeps the first value of an option).
     */
    static Result sftp(int port, String login, String password, Path batch) {
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password, "sftp", "-P", Integer.toString(port),
                "-o", "BatchMode=no", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
                "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o", "NumberOfPasswordPrompts=1", "-o",
                "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive,password", "-F",
                "/dev/null", "-b", batch.toString(), login + "@127.0.0.1"));
        return exec(cmd, Map.of(), null);
    }

    /** A running {@code ssh} (e.g. {@code -N -L ...}) and where its output goes; close kills it. */
    record Background(Process process, Path err) implements AutoCloseable {
        String errText() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code ssh} with the gateway password through sshpass, left running in the background. */
    static Background startWithPassword(int port, String login, String password, String... args) {
        List<String> all = new ArrayList<>(List.of("sshpass", "-p", password));
        all.addAll(base(port));
        all.addAll(List.of("-o", "PubkeyAuthentication=no", "-o",
                "PreferredAuthentications=keyboard-interactive,password"));
        if (List.of(args).stream().anyMatch(o -> o.startsWith("LogLevel="))) {
            int at = all.indexOf("LogLevel=ERROR"); // ssh keeps the first value of an option
            all.remove(at);
            all.remove(at - 1);
        }
        all.addAll(List.of(args));
        all.add(login + "@127.0.0.1");
        Path dir = CofreServerTests.tempDir("ssh-background");
        try {
            Process p = new ProcessBuilder(all).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
            return new Background(p, dir.resolve("err"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> base(int port) {
        return new ArrayList<>(List.of("ssh", "-p", Integer.toString(port), "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o",
                "NumberOfPasswordPrompts=1", "-F", "/dev/null"));
    }

    private static Result run(List<String> cmd, Map<String, String> env, String login, String stdin,
                              String... args) {
        List<String> all = new ArrayList<>(cmd);
        List<String> options = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-") && remote.isEmpty()) {
                options.add(a);
                if (List.of("-o", "-R", "-L", "-D").contains(a) && i + 1 < args.length) {
                    options.add(args[++i]);
                }
            } else {
                remote.add(a);
            }
        }
        if (options.stream().anyMatch(o -> o.startsWith("LogLevel="))) {
            // ssh keeps the first value of an option, so a caller's LogLevel replaces the default one.
            int at = all.indexOf("LogLevel=ERROR");
            all.remove(at);
            all.remove(at - 1);
        }
        all.addAll(options);
        all.add(login + "@127.0.0.1");
        all.addAll(remote);
        return exec(all, env, stdin);
    }

    private static Result exec(List<String> all, Map<String, String> env, String stdin) {
        Path dir = CofreServerTests.tempDir("ssh-client");
        try {
            Path in = dir.resolve("in");
            Files.writeString(in, stdin == null ? "" : stdin);
            ProcessBuilder builder = new ProcessBuilder(all).redirectInput(in.toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            builder.environment().remove("DISPLAY");
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("ssh did not finish in 40 s: " + String.join(" ", all));
            }
            return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("err"), StandardCharsets.UTF_8), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
