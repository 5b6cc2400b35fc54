package dev.cofre.session;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code cofre.ssh.*}: the SSH session gateway. Checked at start-up; a bad value stops Cofre with a message that
 * names the property.
 *
 * @param enabled           run the gateway (on by default)
 * @param port              listening port; 0 picks a free one (tests)
 * @param bindAddress       listening address
 * @param otpPromptPattern  a target's keyboard-interactive prompt matching this (case-insensitive) is answered
 *                          with the credential's TOTP code
 * @param passwordPromptPattern a prompt matching this is answered with the credential's password; any other
 *                          prompt is refused, so the password never goes to a prompt we do not understand
 * @param otpRetryWindow    a code sent this close to a period boundary is retried once with the code on the other
 *                          side of the boundary when the target rejects it
 * @param recordInput       also record what the user types (may capture secrets typed into the target)
 * @param maxRecordingSize  a recording stops growing at this size and is marked truncated
 * @param connectTimeout    TCP connect to a target
 * @param authTimeout       key exchange plus login at a target
 * @param loginGraceTime    how long a gateway client has to authenticate
 */
@ConfigurationProperties("cofre.ssh")
public record SshProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2222") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("(verification\\s*code|\\botp\\b|token|one[-\\s]?time)") String otpPromptPattern,
        @DefaultValue("(password|passphrase|passwort|contrase|senha)") String passwordPromptPattern,
        @DefaultValue("2s") Duration otpRetryWindow,
        @DefaultValue("false") boolean recordInput,
        @DefaultValue("32MB") DataSize maxRecordingSize,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("20s") Duration authTimeout,
        @DefaultValue("60s") Duration loginGraceTime) {

    public SshProperties {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("cofre.ssh.port must be between 0 and 65535 (0 picks a free port)");
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("cofre.ssh.bind-address must not be empty");
        }
        compile("cofre.ssh.otp-prompt-pattern", otpPromptPattern);
        compile("cofre.ssh.password-prompt-pattern", passwordPromptPattern);
        positive("cofre.ssh.connect-timeout", connectTimeout);
        positive("cofre.ssh.auth-timeout", authTimeout);
        positive("cofre.ssh.login-grace-time", loginGraceTime);
        if (otpRetryWindow == null || otpRetryWindow.isNegative() || otpRetryWindow.toSeconds() > 10) {
            throw new IllegalArgumentException("cofre.ssh.otp-retry-window must be between 0s and 10s");
        }
        if (maxRecordingSize == null || maxRecordingSize.toBytes() < 1024
                || maxRecordingSize.toBytes() > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("cofre.ssh.max-recording-size must be between 1KB and 1GB");
        }
    }

    Pattern otpPrompt() {
        return Pattern.compile(otpPromptPattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    Pattern passwordPrompt() {
        return Pattern.compile(passwordPromptPattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static void compile(String property, String regex) {
        if (regex == null || regex.isBlank()) {
            throw new IllegalArgumentException(property + " must not be empty");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(property + " is not a valid regular expression");
        }
    }

    private static void positive(String property, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration (e.g. 10s)");
        }
    }
}
