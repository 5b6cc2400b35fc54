package dev.cofre.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cofre.crypto.Secret;

class TargetPromptsTests {

    private static final String PASSWORD = "vaulted-password";
    private static final Instant PERIOD_START = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Instant> codeInstants = new ArrayList<>();

    private TargetPrompts prompts(Instant now) {
        TargetPrompts.Answers answers = new TargetPrompts.Answers() {
            @Override
            public Secret password() {
                return Secret.ofUtf8(PASSWORD);
            }

            @Override
            public boolean hasTotp() {
                return true;
            }

            @Override
            public String codeAt(Instant at) {
                codeInstants.add(at);
                return "code@" + at.getEpochSecond();
            }

            @Override
            public int period() {
                return 30;
            }
        };
        SshProperties p = defaults();
        return new TargetPrompts(answers, Clock.fixed(now, ZoneOffset.UTC), p.otpPrompt(), p.passwordPrompt(),
                Duration.ofSeconds(2));
    }

    static SshProperties defaults() {
        return new SshProperties(true, 0, "127.0.0.1", "(verification\\s*code|\\botp\\b|token|one[-\\s]?time)",
                "(password|passphrase|passwort|contrase|senha)", Duration.ofSeconds(2), false,
                org.springframework.util.unit.DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    private static String[] ask(TargetPrompts p, String... prompts) {
        return p.interactive(null, "", "", "", prompts, new boolean[prompts.length]);
    }

    @Test
    void passwordAndVerificationCodePromptsAreAnswered() {
        TargetPrompts p = prompts(PERIOD_START.plusSeconds(10));

        assertThat(ask(p, "Password: ")).containsExactly(PASSWORD);
        assertThat(ask(p, "Verification code: ")).containsExactly("code@" + PERIOD_START.plusSeconds(10).getEpochSecond());
    }

    @Test
    void everyDefaultCodePromptWordingIsRecognized() {
        for (String prompt : List.of("Verification code:", "OTP: ", "Enter token:", "One-time password: ",
                "one time code", "VERIFICATION CODE")) {
            TargetPrompts p = prompts(PERIOD_START.plusSeconds(10));
            assertThat(ask(p, prompt)).as(prompt).singleElement().asString().startsWith("code@");
        }
    }

    @Test
    void anUnknownPromptIsNotAnsweredWithThePassword() {
        TargetPrompts p = prompts(PERIOD_START.plusSeconds(10));

        assertThat(ask(p, "Mother's maiden name: ")).isNull();
        assertThat(p.refusedPrompt()).isEqualTo("Mother's maiden name:");
    }

    @Test
    void aRejectedCodeFarFromABoundaryIsNotRetried() {
        TargetPrompts p = prompts(PERIOD_START.plusSeconds(15));
        ask(p, "Password: ");
        ask(p, "Verification code: ");

        assertThat(ask(p, "Password: ")).isNull();
        assertThat(ask(p, "Verification code: ")).isNull();
        assertThat(p.codesSent()).isEqualTo(1);
    }

    @Test
    void aRejectedCodeNearTheEndOfAPeriodIsRetriedOnceWithTheNextCode() {
        Instant sent = PERIOD_START.plusMillis(28_500);
        TargetPrompts p = prompts(sent);
        ask(p, "Password: ");
        ask(p, "Verification code: ");

        assertThat(ask(p, "Password: ")).containsExactly(PASSWORD);
        assertThat(ask(p, "Verification code: ")).containsExactly("code@" + PERIOD_START.plusSeconds(30).getEpochSecond());
        assertThat(ask(p, "Password: ")).isNull();
        assertThat(ask(p, "Verification code: ")).isNull();
        assertThat(p.codesSent()).isEqualTo(2);
    }

    @Test
    void aRejectedCodeAtTheStartOfAPeriodIsRetriedOnceWithThePreviousCode() {
        TargetPrompts p = prompts(PERIOD_START.plusMillis(900));
        ask(p, "Verification code: ");

        assertThat(ask(p, "Verification code: ")).containsExactly("code@" + PERIOD_START.minusSeconds(30).getEpochSecond());
        assertThat(ask(p, "Verification code: ")).isNull();
    }

    @Test
    void thePlainPasswordMethodGetsOneAttempt() throws Exception {
        TargetPrompts p = prompts(PERIOD_START);

        assertThat(p.resolveAuthPasswordAttempt(null)).isEqualTo(PASSWORD);
        assertThat(p.resolveAuthPasswordAttempt(null)).isNull();
        assertThat(p.getUpdatedPassword(null, "New password:", "")).isNull();
    }
}
