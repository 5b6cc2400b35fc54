package dev.cofre.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.session.ClientSession;

import dev.cofre.credential.SessionSecrets;
import dev.cofre.crypto.Secret;

/**
 * Answers a target's login prompts for one connection: a verification-code prompt with the credential's TOTP code,
 * a password prompt with its password, and nothing else (an unknown prompt cancels the login, so the password is
 * never typed into a prompt we do not understand; the code prompt is matched first since "one-time password"
 * also says "password").
 *
 * <p>Retry rule, which keeps a wrong seed from turning into a retry storm: the target rejecting the first code is
 * visible as it asking again. A second round is answered only when the first code was sent within
 * {@code retryWindow} of a period boundary, and then with the code on the other side of that boundary (the next
 * one near the end of a period, the previous one at its very start). There is never a third round.
 */
final class TargetPrompts implements UserInteraction {

    /** What answering needs from the credential (a seam for tests; in production {@link SessionSecrets}). */
    interface Answers {
        /** The password, or null when the credential has none. */
        Secret password();

        boolean hasTotp();

        String codeAt(Instant at);

        /** The TOTP period in seconds. */
        int period();

        static Answers of(SessionSecrets s) {
            return new Answers() {
                @Override
                public Secret password() {
                    return s.password();
                }

                @Override
                public boolean hasTotp() {
                    return s.hasTotp();
                }

                @Override
                public String codeAt(Instant at) {
                    return s.totpAt(at);
                }

                @Override
                public int period() {
                    return s.credential().hasTotp() ? s.credential().totp().period() : 30;
                }
            };
        }
    }

    private final Answers secrets;
    private final Clock clock;
    private final Pattern otpPrompt;
    private final Pattern passwordPrompt;
    private final Duration retryWindow;

    private int passwordAnswers;
    private int passwordMethodAttempts;
    private Instant firstCodeAt;
    private int codesSent;
    private String refusedPrompt;

    TargetPrompts(Answers secrets, Clock clock, Pattern otpPrompt, Pattern passwordPrompt,
                  Duration retryWindow) {
        this.secrets = secrets;
        this.clock = clock;
        this.otpPrompt = otpPrompt;
        this.passwordPrompt = passwordPrompt;
        this.retryWindow = retryWindow;
    }

    @Override
    public boolean isInteractionAllowed(ClientSession session) {
        return true;
    }

    @Override
    public void serverVersionInfo(ClientSession session, List<String> lines) {
        // not shown to anyone
    }

    @Override
    public void welcome(ClientSession session, String banner, String lang) {
        // the target's banner is not relayed (the user sees the shell's output)
    }

    @Override
    public synchronized String[] interactive(ClientSession session, String name, String instruction, String lang,
                                             String[] prompts, boolean[] echo) {
        if (prompts == null || prompts.length == 0) {
            return new String[0];
        }
        String[] answers = new String[prompts.length];
        for (int i = 0; i < prompts.length; i++) {
            String prompt = prompts[i] == null ? "" : prompts[i];
            if (otpPrompt.matcher(prompt).find()) {
                String code = nextCode();
                if (code == null) {
                    return null;
                }
                answers[i] = code;
            } else if (passwordPrompt.matcher(prompt).find()) {
                if (!mayAnswerPassword() || secrets.password() == null) {
                    return null;
                }
                answers[i] = secrets.password().utf8();
            } else {
                refusedPrompt = printable(prompt);
                return null;
            }
        }
        return answers;
    }

    @Override
    public synchronized String resolveAuthPasswordAttempt(ClientSession session) {
        // The plain "password" method: one attempt, and none after the keyboard-interactive one used a code.
        if (passwordMethodAttempts++ > 0 || secrets.password() == null || codesSent > 0) {
            return null;
        }
        return secrets.password().utf8();
    }

    @Override
    public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
        return null; // a target demanding a password change is not answered here (rotation's job)
    }

    private boolean mayAnswerPassword() {
        passwordAnswers++;
        // A second password round is the retry of a login whose code was near a boundary; nothing else.
        return passwordAnswers == 1 || (passwordAnswers == 2 && codesSent == 1 && retryAt(firstCodeAt) != null);
    }

    private String nextCode() {
        if (!secrets.hasTotp()) {
            return null;
        }
        if (codesSent == 0) {
            firstCodeAt = clock.instant();
            codesSent = 1;
            return secrets.codeAt(firstCodeAt);
        }
        Instant retry = codesSent == 1 ? retryAt(firstCodeAt) : null;
        if (retry == null) {
            return null;
        }
        codesSent = 2;
        return secrets.codeAt(retry);
    }

    /** The instant whose code is the retry for a code sent at {@code sent}, or null when no retry is due. */
    Instant retryAt(Instant sent) {
        if (sent == null || !secrets.hasTotp()) {
            return null;
        }
        long periodMillis = secrets.period() * 1000L;
        long into = Math.floorMod(sent.toEpochMilli(), periodMillis);
        long window = retryWindow.toMillis();
        if (periodMillis - into <= window) {
            return sent.minusMillis(into).plusMillis(periodMillis);
        }
        if (into < window) {
            return sent.minusMillis(into).minusMillis(periodMillis);
        }
        return null;
    }

    synchronized int codesSent() {
        return codesSent;
    }

    synchronized String refusedPrompt() {
        return refusedPrompt;
    }

    private static String printable(String prompt) {
        String p = prompt.replaceAll("\\p{Cntrl}", " ").strip();
        return p.length() > 80 ? p.substring(0, 80) + "..." : p;
    }
}
