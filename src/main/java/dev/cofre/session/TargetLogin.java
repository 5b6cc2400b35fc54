package dev.cofre.session;

import java.io.IOException;
import java.util.function.Predicate;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;

import dev.cofre.audit.Actor;
import dev.cofre.credential.Credential;
import dev.cofre.credential.SessionSecrets;

/**
 * Logs into a credential's target with the vaulted password and TOTP, pinning its host key. Shared by
 * shell/exec/sftp sessions and by port forwarding; the caller wipes the secrets afterwards.
 */
final class TargetLogin {

    /** The logged-in connection, or why there is none (a sentence to show the user). */
    record Result(ClientSession session, String failure) {
    }

    private TargetLogin() {
    }

    /**
     * @param connected called as soon as the TCP connection exists, before the login: the caller keeps it to close
     *                  it if its client goes away, and answers false when that happened already (no login then)
     */
    static Result login(SessionRunner runner, Actor actor, Credential credential, SessionSecrets secrets,
                        String host, int port, Predicate<ClientSession> connected) {
        SshProperties p = runner.properties;
        HostKeyPins.Verifier verifier = runner.pins.verifierFor(actor, credential.id(), host, port);
        TargetPrompts prompts = new TargetPrompts(TargetPrompts.Answers.of(secrets), runner.clock, p.otpPrompt(),
                p.passwordPrompt(), p.otpRetryWindow());
        ClientSession s;
        try {
            s = runner.client().connect(credential.username(), host, port,
                    AttributeRepository.ofKeyValuePair(GatewaySession.VERIFIER, verifier), null)
                    .verify(p.connectTimeout()).getSession();
        } catch (IOException | RuntimeException e) {
            return new Result(null, "cannot connect to " + host + ":" + port + " (" + GatewaySession.networkReason(e)
                    + ").");
        }
        if (!connected.test(s)) {
            s.close(true);
            return new Result(s, "the client went away.");
        }
        s.setUserInteraction(prompts);
        try {
            s.auth().verify(p.authTimeout());
            return new Result(s, null);
        } catch (IOException | RuntimeException e) {
            if (verifier.mismatch() != null) {
                HostKeyPins.Mismatch m = verifier.mismatch();
                return new Result(s, "the host key of " + host + ":" + port + " has changed (pinned "
                        + m.pinnedFingerprint() + ", offered " + m.offeredFingerprint() + "). The session was "
                        + "refused; an administrator must check the target and, if the change is expected, forget "
                        + "the old pin (SSH host keys) so that the next session pins the new key.");
            }
            if (prompts.refusedPrompt() != null) {
                return new Result(s, "the target asked \"" + prompts.refusedPrompt() + "\", which Cofre does not "
                        + "answer (see cofre.ssh.otp-prompt-pattern and cofre.ssh.password-prompt-pattern).");
            }
            if (s.isOpen() && !s.isAuthenticated()) {
                int codes = prompts.codesSent();
                return new Result(s, "the target refused the login as " + credential.username() + " with the vaulted "
                        + (codes > 0 ? "password and verification code (" + codes + " code"
                        + (codes > 1 ? "s" : "") + " tried)" : "password")
                        + ". Check the credential's password" + (codes > 0 ? " and TOTP secret" : "") + ".");
            }
            return new Result(s, "the connection to " + host + ":" + port + " failed during login ("
                    + GatewaySession.networkReason(e) + ").");
        }
    }
}
