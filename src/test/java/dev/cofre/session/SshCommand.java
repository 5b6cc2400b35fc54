package dev.cofre.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.cofre.support.CofreServerTests;

/** Runs the real OpenSSH client against the gateway (bounded: 40 s per run, then killed). */
final class SshCommand {

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private SshCommand() {
    }

    /** {@code ssh} with the gateway password through sshpass (keyboard-interactive or password). */
    static Result withPassword(int port, String login, String password, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sshpass", "-p", password));
        cmd.addAll(base(port));
        cmd.addAll(List.of("-o", "PubkeyAuthentication=no", "-o",
                "PreferredAuthentications=keyboard-interactive,password"));
        return run(cmd, login, stdin, args);
    }

    /** {@code ssh -i key} (public key only). */
    static Result withKey(int port, Path key, String login, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(base(port));
        cmd.addAll(List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
                "PreferredAuthentications=publickey"));
        return run(cmd, login, stdin, args);
    }

    private static List<String> base(int port) {
        return new ArrayList<>(List.of("ssh", "-p", Integer.toString(port), "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o",
                "NumberOfPasswordPrompts=1", "-F", "/dev/null"));
    }

    private static Result run(List<String> cmd, String login, String stdin, String... args) {
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
        all.addAll(options);
        all.add(login + "@127.0.0.1");
        all.addAll(remote);
        Path dir = CofreServerTests.tempDir("ssh-client");
        try {
            Path in = dir.resolve("in");
            Files.writeString(in, stdin == null ? "" : stdin);
            Process p = new ProcessBuilder(all).redirectInput(in.toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("ssh did not finish in 40 s: " + String.join(" ", all));
            }
            return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
